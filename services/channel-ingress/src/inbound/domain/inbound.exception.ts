import { DomainException, ErrorKind } from '@concierge/contracts';

export enum InboundErrorCode {
  SecretMissing = 'WEBHOOK_SECRET_MISSING',
  SecretInvalid = 'WEBHOOK_SECRET_INVALID',
  SignatureMissing = 'WEBHOOK_SIGNATURE_MISSING',
  SignatureInvalid = 'WEBHOOK_SIGNATURE_INVALID',
  Replayed = 'WEBHOOK_REPLAYED',
  MalformedUpdate = 'MALFORMED_UPDATE',
  MalformedPayload = 'MALFORMED_PAYLOAD',
  InvalidMessage = 'INVALID_MESSAGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  AttachmentTooLarge = 'ATTACHMENT_TOO_LARGE',
  AttachmentTypeNotAllowed = 'ATTACHMENT_TYPE_NOT_ALLOWED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  RateLimited = 'RATE_LIMITED',
  VerifyTokenInvalid = 'VERIFY_TOKEN_INVALID',
}

const kinds: Record<InboundErrorCode, ErrorKind> = {
  [InboundErrorCode.SecretMissing]: 'unauthenticated',
  [InboundErrorCode.SecretInvalid]: 'permission_denied',
  [InboundErrorCode.SignatureMissing]: 'unauthenticated',
  [InboundErrorCode.SignatureInvalid]: 'permission_denied',
  [InboundErrorCode.Replayed]: 'permission_denied',
  [InboundErrorCode.MalformedUpdate]: 'invalid',
  [InboundErrorCode.MalformedPayload]: 'invalid',
  [InboundErrorCode.InvalidMessage]: 'invalid',
  [InboundErrorCode.UnsupportedMediaType]: 'invalid',
  [InboundErrorCode.AttachmentTooLarge]: 'invalid',
  [InboundErrorCode.AttachmentTypeNotAllowed]: 'invalid',
  [InboundErrorCode.PayloadTooLarge]: 'invalid',
  [InboundErrorCode.RateLimited]: 'rate_limited',
  [InboundErrorCode.VerifyTokenInvalid]: 'permission_denied',
};

export class InboundException extends DomainException {
  constructor(
    code: InboundErrorCode,
    message: string,
    /** Seconds a rate-limited sender should wait (Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(kinds[code], code, message);
  }
}
