import { IdentityV1 } from '@concierge/contracts';
import type { CountryCode } from 'libphonenumber-js';

const Type = IdentityV1.IdentifierType;

export interface TenantIdentityRules {
  tenantId: string;
  trustedIdentifierTypes: IdentityV1.IdentifierType[];
  defaultRegion: CountryCode | undefined;
  autoMerge: boolean;
}

/** Without settings of its own a tenant merges on verified email, verified phone and CRM id. */
export const DEFAULT_TRUSTED_TYPES: IdentityV1.IdentifierType[] = [Type.IDENTIFIER_TYPE_EMAIL, Type.IDENTIFIER_TYPE_PHONE, Type.IDENTIFIER_TYPE_CRM_ID];

export const defaultRules = (tenantId: string): TenantIdentityRules => ({
  tenantId,
  trustedIdentifierTypes: DEFAULT_TRUSTED_TYPES,
  defaultRegion: undefined,
  autoMerge: true,
});

/** A claim on a shared identifier is trusted when its type is trusted and it is a CRM id or verified. */
export function isTrustedClaim(rules: TenantIdentityRules, type: IdentityV1.IdentifierType, verified: boolean): boolean {
  if (!rules.trustedIdentifierTypes.includes(type)) return false;
  return type === Type.IDENTIFIER_TYPE_CRM_ID || verified;
}
