import { DomainException, ErrorKind } from '@concierge/contracts';

export enum CustomerErrorCode {
  MergeInvalid = 'MERGE_INVALID',
}

const kinds: Record<CustomerErrorCode, ErrorKind> = {
  [CustomerErrorCode.MergeInvalid]: 'invalid',
};

export class CustomerException extends DomainException {
  constructor(code: CustomerErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
