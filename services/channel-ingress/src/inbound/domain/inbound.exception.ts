import { DomainException, ErrorKind } from '@concierge/contracts';

export enum InboundErrorCode {
  SecretMissing = 'WEBHOOK_SECRET_MISSING',
  SecretInvalid = 'WEBHOOK_SECRET_INVALID',
  MalformedUpdate = 'MALFORMED_UPDATE',
  InvalidMessage = 'INVALID_MESSAGE',
}

const kinds: Record<InboundErrorCode, ErrorKind> = {
  [InboundErrorCode.SecretMissing]: 'unauthenticated',
  [InboundErrorCode.SecretInvalid]: 'permission_denied',
  [InboundErrorCode.MalformedUpdate]: 'invalid',
  [InboundErrorCode.InvalidMessage]: 'invalid',
};

export class InboundException extends DomainException {
  constructor(code: InboundErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
