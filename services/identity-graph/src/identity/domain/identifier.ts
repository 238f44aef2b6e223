import { IdentityV1 } from '@concierge/contracts';
import { IdentityErrorCode, IdentityException } from './identity.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireTenant(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new IdentityException(IdentityErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}

export function requireCustomerId(customerId: string | undefined): string {
  if (!customerId || !UUID.test(customerId))
    throw new IdentityException(IdentityErrorCode.CustomerIdInvalid, 'customer_id must be a UUID');
  return customerId.toLowerCase();
}

/** Canonical form of an identifier value, so one person's spellings match. */
export function normalizeIdentifier(type: IdentityV1.IdentifierType, raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (!type || type === IdentityV1.IdentifierType.IDENTIFIER_TYPE_UNSPECIFIED || type === IdentityV1.IdentifierType.UNRECOGNIZED)
    throw new IdentityException(IdentityErrorCode.IdentifierTypeRequired, 'identifier type is required');
  if (!value || value.length > 320)
    throw new IdentityException(IdentityErrorCode.IdentifierValueInvalid, 'identifier value must be 1 to 320 characters');
  switch (type) {
    case IdentityV1.IdentifierType.IDENTIFIER_TYPE_EMAIL: {
      const email = value.toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new IdentityException(IdentityErrorCode.IdentifierValueInvalid, `"${value}" is not an email address`);
      return email;
    }
    case IdentityV1.IdentifierType.IDENTIFIER_TYPE_PHONE: {
      const digits = value.replace(/[\s().-]/g, '');
      if (!/^\+?[1-9]\d{6,14}$/.test(digits))
        throw new IdentityException(IdentityErrorCode.IdentifierValueInvalid, `"${value}" is not a phone number`);
      return digits.startsWith('+') ? digits : `+${digits}`;
    }
    default:
      return value;
  }
}
