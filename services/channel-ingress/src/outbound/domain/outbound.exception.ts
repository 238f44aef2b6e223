import { DomainException } from '@concierge/contracts';

export enum OutboundErrorCode {
  NoReachableChannel = 'NO_REACHABLE_CHANNEL',
  InvalidSend = 'INVALID_SEND',
}

export class OutboundException extends DomainException {
  constructor(code: OutboundErrorCode, message: string) {
    // A reply that cannot be routed never will be: straight to the DLQ.
    super('invalid', code, message);
  }
}
