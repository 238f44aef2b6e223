import { DomainException, ErrorKind } from '@concierge/contracts';

export enum ChannelErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  KindRequired = 'CHANNEL_KIND_REQUIRED',
  InvalidChannelId = 'CHANNEL_ID_INVALID',
  InvalidName = 'CHANNEL_NAME_INVALID',
  MissingSecret = 'CHANNEL_SECRET_MISSING',
  NotFound = 'CHANNEL_NOT_FOUND',
  AlreadyExists = 'CHANNEL_ALREADY_EXISTS',
  Disabled = 'CHANNEL_DISABLED',
}

const kinds: Record<ChannelErrorCode, ErrorKind> = {
  [ChannelErrorCode.TenantRequired]: 'invalid',
  [ChannelErrorCode.KindRequired]: 'invalid',
  [ChannelErrorCode.InvalidChannelId]: 'invalid',
  [ChannelErrorCode.InvalidName]: 'invalid',
  [ChannelErrorCode.MissingSecret]: 'invalid',
  [ChannelErrorCode.NotFound]: 'not_found',
  [ChannelErrorCode.AlreadyExists]: 'already_exists',
  [ChannelErrorCode.Disabled]: 'failed_precondition',
};

export class ChannelException extends DomainException {
  constructor(code: ChannelErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
