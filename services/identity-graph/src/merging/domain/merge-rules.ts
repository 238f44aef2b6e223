import { IdentityV1 } from '@concierge/contracts';

const Type = IdentityV1.IdentifierType;

export interface MergeCandidate {
  id: string;
  createdAt: Date;
  identities: { type: string; value: string; verified: boolean }[];
}

const trustedValues = (c: MergeCandidate, type: string) =>
  new Set(c.identities.filter((i) => i.type === type && (i.verified || type === Type.IDENTIFIER_TYPE_CRM_ID)).map((i) => i.value));

/** Survivor rule: the customer with a CRM id, else the oldest (then the smaller id, so the rule is total). */
export function pickSurvivor<T extends MergeCandidate>(a: T, b: T): { survivor: T; merged: T } {
  const crmA = trustedValues(a, Type.IDENTIFIER_TYPE_CRM_ID).size > 0;
  const crmB = trustedValues(b, Type.IDENTIFIER_TYPE_CRM_ID).size > 0;
  if (crmA !== crmB) return crmA ? { survivor: a, merged: b } : { survivor: b, merged: a };
  const older = a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1);
  return older < 0 ? { survivor: a, merged: b } : { survivor: b, merged: a };
}

/**
 * Why two customers must not be merged automatically, or undefined when nothing contradicts:
 * each holds a CRM id and they differ, or each holds verified emails (phones) and none is shared.
 * `claim` is the identifier that calls for the merge, already counted as held by `a`.
 */
export function findConflict(a: MergeCandidate, b: MergeCandidate, claim?: { type: string; value: string }): string | undefined {
  for (const type of [Type.IDENTIFIER_TYPE_CRM_ID, Type.IDENTIFIER_TYPE_EMAIL, Type.IDENTIFIER_TYPE_PHONE]) {
    const va = trustedValues(a, type);
    if (claim?.type === type) va.add(claim.value);
    const vb = trustedValues(b, type);
    if (va.size && vb.size && ![...va].some((v) => vb.has(v))) {
      const label = type === Type.IDENTIFIER_TYPE_CRM_ID ? 'CRM ids' : `verified ${type === Type.IDENTIFIER_TYPE_EMAIL ? 'emails' : 'phones'}`;
      return `different ${label}: ${[...va].join(', ')} vs ${[...vb].join(', ')}`;
    }
  }
  return undefined;
}
