import { DomainException, ErrorKind } from '@concierge/contracts';

export enum IdentityErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  IdentifierTypeRequired = 'IDENTIFIER_TYPE_REQUIRED',
  IdentifierValueInvalid = 'IDENTIFIER_VALUE_INVALID',
  RegionInvalid = 'REGION_INVALID',
  CustomerIdInvalid = 'CUSTOMER_ID_INVALID',
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
  CustomerErased = 'CUSTOMER_ERASED',
  MergeSameCustomer = 'MERGE_SAME_CUSTOMER',
  MergeConflict = 'MERGE_CONFLICT',
  MergeNotFound = 'MERGE_NOT_FOUND',
  MergeNotUndoable = 'MERGE_NOT_UNDOABLE',
  ReviewNotFound = 'MERGE_REVIEW_NOT_FOUND',
  ReviewClosed = 'MERGE_REVIEW_CLOSED',
  ResolutionRequired = 'RESOLUTION_REQUIRED',
  AttributeInvalid = 'ATTRIBUTE_INVALID',
  TraitInvalid = 'TRAIT_INVALID',
  FactInvalid = 'FACT_INVALID',
  ConsentInvalid = 'CONSENT_INVALID',
  SettingsInvalid = 'SETTINGS_INVALID',
  CrmIdRequired = 'CRM_ID_REQUIRED',
  Contention = 'CONTENTION',
}

const kinds: Record<IdentityErrorCode, ErrorKind> = {
  [IdentityErrorCode.TenantRequired]: 'invalid',
  [IdentityErrorCode.IdentifierTypeRequired]: 'invalid',
  [IdentityErrorCode.IdentifierValueInvalid]: 'invalid',
  [IdentityErrorCode.RegionInvalid]: 'invalid',
  [IdentityErrorCode.CustomerIdInvalid]: 'invalid',
  [IdentityErrorCode.CustomerNotFound]: 'not_found',
  [IdentityErrorCode.CustomerErased]: 'not_found',
  [IdentityErrorCode.MergeSameCustomer]: 'invalid',
  [IdentityErrorCode.MergeConflict]: 'failed_precondition',
  [IdentityErrorCode.MergeNotFound]: 'not_found',
  [IdentityErrorCode.MergeNotUndoable]: 'failed_precondition',
  [IdentityErrorCode.ReviewNotFound]: 'not_found',
  [IdentityErrorCode.ReviewClosed]: 'failed_precondition',
  [IdentityErrorCode.ResolutionRequired]: 'invalid',
  [IdentityErrorCode.AttributeInvalid]: 'invalid',
  [IdentityErrorCode.TraitInvalid]: 'invalid',
  [IdentityErrorCode.FactInvalid]: 'invalid',
  [IdentityErrorCode.ConsentInvalid]: 'invalid',
  [IdentityErrorCode.SettingsInvalid]: 'invalid',
  [IdentityErrorCode.CrmIdRequired]: 'invalid',
  [IdentityErrorCode.Contention]: 'conflict',
};

export class IdentityException extends DomainException {
  constructor(code: IdentityErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
