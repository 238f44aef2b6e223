import { CommonV1 } from '@concierge/contracts';
import { ChannelErrorCode, ChannelException } from './channel.exception';

const Kind = CommonV1.ChannelKind;

/** Secrets each kind of channel cannot work without. */
export const REQUIRED_SECRETS: Partial<Record<CommonV1.ChannelKind, string[]>> = {
  [Kind.CHANNEL_KIND_TELEGRAM]: ['webhook_secret', 'bot_token'],
  [Kind.CHANNEL_KIND_WHATSAPP]: ['app_secret', 'verify_token', 'access_token'],
  [Kind.CHANNEL_KIND_MESSENGER]: ['app_secret', 'verify_token', 'access_token'],
  [Kind.CHANNEL_KIND_INSTAGRAM]: ['app_secret', 'verify_token', 'access_token'],
  [Kind.CHANNEL_KIND_VOICE]: ['webhook_secret'],
  [Kind.CHANNEL_KIND_API]: ['api_key'],
};

/** Kinds that need one secret out of several (email: our HMAC or a Mailgun signing key). */
export const ONE_OF_SECRETS: Partial<Record<CommonV1.ChannelKind, string[]>> = {
  [Kind.CHANNEL_KIND_EMAIL]: ['webhook_secret', 'mailgun_signing_key'],
};

export function validateChannelId(id: string): string {
  if (!/^[a-z0-9][a-z0-9-]{2,62}$/.test(id))
    throw new ChannelException(
      ChannelErrorCode.InvalidChannelId,
      'channel_id must be 3-63 characters of lowercase letters, digits and dashes',
    );
  return id;
}

export function validateKind(kind: CommonV1.ChannelKind): CommonV1.ChannelKind {
  if (!kind || kind === Kind.CHANNEL_KIND_UNSPECIFIED || kind === Kind.UNRECOGNIZED)
    throw new ChannelException(ChannelErrorCode.KindRequired, 'kind is required (e.g. CHANNEL_KIND_TELEGRAM)');
  return kind;
}

export function validateSecrets(kind: CommonV1.ChannelKind, secrets: Record<string, string>): void {
  const missing = (REQUIRED_SECRETS[kind] ?? []).filter((k) => !secrets[k]);
  if (missing.length)
    throw new ChannelException(ChannelErrorCode.MissingSecret, `a ${kind} channel needs secrets: ${missing.join(', ')}`);
  const oneOf = ONE_OF_SECRETS[kind];
  if (oneOf && !oneOf.some((k) => secrets[k]))
    throw new ChannelException(ChannelErrorCode.MissingSecret, `a ${kind} channel needs one of the secrets: ${oneOf.join(', ')}`);
}
