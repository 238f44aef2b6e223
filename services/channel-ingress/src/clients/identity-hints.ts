import { IdentityV1 } from '@concierge/contracts';

/** An extra identifier for ResolveIdentity; built through fromJSON so fields identity-graph adds get their defaults. */
export const identityHint = (type: IdentityV1.IdentifierType, value: string, verified = false): IdentityV1.Identity =>
  IdentityV1.Identity.fromJSON({ type, value, verified, source: 'channel-ingress' });

export const resolveRequest = (r: {
  tenantId: string;
  type: IdentityV1.IdentifierType;
  value: string;
  hints: IdentityV1.Identity[];
  displayName: string;
  locale: string;
  verified?: boolean;
}): IdentityV1.ResolveIdentityRequest => ({ ...IdentityV1.ResolveIdentityRequest.fromJSON({}), ...r });
