import { DomainException, ErrorKind } from '@concierge/contracts';

export enum CustomerErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  CustomerIdInvalid = 'CUSTOMER_ID_INVALID',
  MergeInvalid = 'MERGE_INVALID',
}

const kinds: Record<CustomerErrorCode, ErrorKind> = {
  [CustomerErrorCode.TenantRequired]: 'invalid',
  [CustomerErrorCode.CustomerIdInvalid]: 'invalid',
  [CustomerErrorCode.MergeInvalid]: 'invalid',
};

export class CustomerException extends DomainException {
  constructor(code: CustomerErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
