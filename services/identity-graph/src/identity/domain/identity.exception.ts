import { DomainException, ErrorKind } from '@concierge/contracts';

export enum IdentityErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  IdentifierTypeRequired = 'IDENTIFIER_TYPE_REQUIRED',
  IdentifierValueInvalid = 'IDENTIFIER_VALUE_INVALID',
  CustomerIdInvalid = 'CUSTOMER_ID_INVALID',
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
}

const kinds: Record<IdentityErrorCode, ErrorKind> = {
  [IdentityErrorCode.TenantRequired]: 'invalid',
  [IdentityErrorCode.IdentifierTypeRequired]: 'invalid',
  [IdentityErrorCode.IdentifierValueInvalid]: 'invalid',
  [IdentityErrorCode.CustomerIdInvalid]: 'invalid',
  [IdentityErrorCode.CustomerNotFound]: 'not_found',
};

export class IdentityException extends DomainException {
  constructor(code: IdentityErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
