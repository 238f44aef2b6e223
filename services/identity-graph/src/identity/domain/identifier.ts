import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { IdentityErrorCode, IdentityException } from './identity.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Type = IdentityV1.IdentifierType;

export function requireTenant(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new IdentityException(IdentityErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}

export function requireCustomerId(customerId: string | undefined, field = 'customer_id'): string {
  if (!customerId || !UUID.test(customerId))
    throw new IdentityException(IdentityErrorCode.CustomerIdInvalid, `${field} must be a UUID`);
  return customerId.toLowerCase();
}

export function isUuid(value: string | undefined): boolean {
  return !!value && UUID.test(value);
}

/** An ISO 3166 alpha-2 region, upper-cased, or undefined when blank. */
export function normalizeRegion(region: string | undefined): CountryCode | undefined {
  const r = (region ?? '').trim().toUpperCase();
  if (!r) return undefined;
  if (!/^[A-Z]{2}$/.test(r))
    throw new IdentityException(IdentityErrorCode.RegionInvalid, `"${region}" is not a two-letter ISO 3166 region`);
  return r as CountryCode;
}

function normalizePhone(value: string, region: CountryCode | undefined): string {
  const tries = [parsePhoneNumberFromString(value, region)];
  // "79123456789" without a region: read it as international rather than reject it.
  if (!value.startsWith('+') && !tries[0]?.isValid()) tries.push(parsePhoneNumberFromString(`+${value.replace(/^00/, '')}`));
  const phone = tries.find((p) => p?.isValid());
  if (!phone || phone.ext)
    throw new IdentityException(IdentityErrorCode.IdentifierValueInvalid, `"${value}" is not a phone number${region ? ` (region ${region})` : ''}`);
  return phone.number;
}

export function requireIdentifierType(type: IdentityV1.IdentifierType | undefined): IdentityV1.IdentifierType {
  if (!type || type === Type.IDENTIFIER_TYPE_UNSPECIFIED || type === Type.UNRECOGNIZED || !(type in Type))
    throw new IdentityException(IdentityErrorCode.IdentifierTypeRequired, 'identifier type is required');
  return type;
}

/** Canonical form of an identifier value, so one person's spellings match. Phones become E.164. */
export function normalizeIdentifier(type: IdentityV1.IdentifierType, raw: string | undefined, region?: CountryCode): string {
  const value = (raw ?? '').trim();
  requireIdentifierType(type);
  if (!value || value.length > 320)
    throw new IdentityException(IdentityErrorCode.IdentifierValueInvalid, 'identifier value must be 1 to 320 characters');
  switch (type) {
    case Type.IDENTIFIER_TYPE_EMAIL: {
      const email = value.toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new IdentityException(IdentityErrorCode.IdentifierValueInvalid, `"${value}" is not an email address`);
      return email;
    }
    case Type.IDENTIFIER_TYPE_PHONE:
      return normalizePhone(value, region);
    default:
      return value;
  }
}

/** The identifier a channel's external user id is, for timeline items (unmerge follows identifiers). */
export function identifierTypeForChannel(kind: CommonV1.ChannelKind | string | undefined): IdentityV1.IdentifierType | undefined {
  switch (kind) {
    case CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM:
      return Type.IDENTIFIER_TYPE_TELEGRAM_USER;
    case CommonV1.ChannelKind.CHANNEL_KIND_WHATSAPP:
      return Type.IDENTIFIER_TYPE_WHATSAPP_USER;
    case CommonV1.ChannelKind.CHANNEL_KIND_INSTAGRAM:
      return Type.IDENTIFIER_TYPE_INSTAGRAM_USER;
    case CommonV1.ChannelKind.CHANNEL_KIND_MESSENGER:
      return Type.IDENTIFIER_TYPE_MESSENGER_USER;
    case CommonV1.ChannelKind.CHANNEL_KIND_WIDGET:
      return Type.IDENTIFIER_TYPE_WIDGET_VISITOR;
    case CommonV1.ChannelKind.CHANNEL_KIND_API:
      return Type.IDENTIFIER_TYPE_APP_USER;
    case CommonV1.ChannelKind.CHANNEL_KIND_EMAIL:
      return Type.IDENTIFIER_TYPE_EMAIL;
    case CommonV1.ChannelKind.CHANNEL_KIND_VOICE:
      return Type.IDENTIFIER_TYPE_PHONE;
    default:
      return undefined;
  }
}

/** Short lower-case label: TELEGRAM_USER → telegram_user. */
export const typeLabel = (type: string) => type.replace(/^IDENTIFIER_TYPE_/, '').toLowerCase();
