import { DomainException, ErrorKind } from '@concierge/contracts';

export enum PurchaseErrorCode {
  OrderInvalid = 'ORDER_INVALID',
}

const kinds: Record<PurchaseErrorCode, ErrorKind> = {
  [PurchaseErrorCode.OrderInvalid]: 'invalid',
};

export class PurchaseException extends DomainException {
  constructor(code: PurchaseErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
