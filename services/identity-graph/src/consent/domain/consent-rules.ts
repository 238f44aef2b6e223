import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { IdentityErrorCode, IdentityException } from '../../identity/domain/identity.exception';

const Purpose = IdentityV1.ConsentPurpose;
export const ALL_CHANNELS = '';

export function requirePurpose(purpose: IdentityV1.ConsentPurpose | undefined): IdentityV1.ConsentPurpose {
  if (!purpose || purpose === Purpose.CONSENT_PURPOSE_UNSPECIFIED || purpose === Purpose.UNRECOGNIZED || !(purpose in Purpose))
    throw new IdentityException(IdentityErrorCode.ConsentInvalid, 'purpose is required (SERVICE, MARKETING, PERSONALIZATION or ANALYTICS)');
  return purpose;
}

/** '' stands for every channel. */
export function channelKey(kind: CommonV1.ChannelKind | undefined): string {
  if (!kind || kind === CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) return ALL_CHANNELS;
  if (kind === CommonV1.ChannelKind.UNRECOGNIZED || !(kind in CommonV1.ChannelKind))
    throw new IdentityException(IdentityErrorCode.ConsentInvalid, `"${kind}" is not a channel kind`);
  return kind;
}

/**
 * Without a recorded choice: answering the customer (service) and using what they told us
 * (personalization, analytics) is allowed; marketing outreach needs an explicit opt-in.
 */
export const DEFAULT_CONSENT: Record<string, boolean> = {
  [Purpose.CONSENT_PURPOSE_SERVICE]: true,
  [Purpose.CONSENT_PURPOSE_MARKETING]: false,
  [Purpose.CONSENT_PURPOSE_PERSONALIZATION]: true,
  [Purpose.CONSENT_PURPOSE_ANALYTICS]: true,
};

export interface ConsentRecord {
  channelKind: string;
  granted: boolean;
  source: string;
  updatedAt: Date;
}

export interface ConsentDecision {
  allowed: boolean;
  explicit: boolean;
  source: string;
  updatedAt?: Date;
  reason: string;
}

/** The customer's most recent word for this purpose on this channel or on every channel wins; else the default. */
export function decideConsent(purpose: string, channel: string, records: ConsentRecord[]): ConsentDecision {
  const relevant = records.filter((r) => r.channelKind === channel || r.channelKind === ALL_CHANNELS);
  const latest = relevant.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.channelKind ? -1 : 1))[0];
  const short = purpose.replace('CONSENT_PURPOSE_', '').toLowerCase();
  if (!latest) {
    const allowed = DEFAULT_CONSENT[purpose] ?? false;
    return { allowed, explicit: false, source: 'default', reason: `no ${short} consent recorded; default ${allowed ? 'allow' : 'deny'}` };
  }
  const where = latest.channelKind ? `on ${latest.channelKind.replace('CHANNEL_KIND_', '').toLowerCase()}` : 'on every channel';
  return {
    allowed: latest.granted,
    explicit: true,
    source: latest.source,
    updatedAt: latest.updatedAt,
    reason: `${short} ${latest.granted ? 'granted' : 'revoked'} ${where} by ${latest.source} at ${latest.updatedAt.toISOString()}`,
  };
}
