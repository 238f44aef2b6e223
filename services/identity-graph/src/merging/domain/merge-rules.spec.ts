import { IdentityV1 } from '@concierge/contracts';
import { findConflict, pickSurvivor } from './merge-rules';

const T = IdentityV1.IdentifierType;
const customer = (id: string, created: string, identities: { type: string; value: string; verified?: boolean }[] = []) => ({
  id,
  createdAt: new Date(created),
  identities: identities.map((i) => ({ verified: false, ...i })),
});

describe('pickSurvivor', () => {
  it('keeps the customer with a CRM id even when the other is older', () => {
    const old = customer('a', '2020-01-01');
    const crm = customer('b', '2024-01-01', [{ type: T.IDENTIFIER_TYPE_CRM_ID, value: 'C-1' }]);
    expect(pickSurvivor(old, crm).survivor.id).toBe('b');
    expect(pickSurvivor(crm, old).survivor.id).toBe('b');
  });

  it('otherwise keeps the oldest', () => {
    const a = customer('a', '2022-01-01');
    const b = customer('b', '2021-01-01');
    expect(pickSurvivor(a, b)).toEqual({ survivor: b, merged: a });
  });
});

describe('findConflict', () => {
  it('flags two different CRM ids', () => {
    const a = customer('a', '2020-01-01', [{ type: T.IDENTIFIER_TYPE_CRM_ID, value: 'C-1' }]);
    const b = customer('b', '2020-01-01', [{ type: T.IDENTIFIER_TYPE_CRM_ID, value: 'C-2' }]);
    expect(findConflict(a, b, { type: T.IDENTIFIER_TYPE_EMAIL, value: 'x@example.com' })).toMatch(/different CRM ids: C-1 vs C-2/);
  });

  it('flags contradicting verified phones but ignores unverified ones', () => {
    const a = customer('a', '2020-01-01', [{ type: T.IDENTIFIER_TYPE_PHONE, value: '+491511111111', verified: true }]);
    const b = customer('b', '2020-01-01', [{ type: T.IDENTIFIER_TYPE_PHONE, value: '+491512222222', verified: true }]);
    expect(findConflict(a, b, { type: T.IDENTIFIER_TYPE_EMAIL, value: 'x@example.com' })).toMatch(/verified phones/);
    const unverified = customer('b', '2020-01-01', [{ type: T.IDENTIFIER_TYPE_PHONE, value: '+491512222222' }]);
    expect(findConflict(a, unverified, { type: T.IDENTIFIER_TYPE_EMAIL, value: 'x@example.com' })).toBeUndefined();
  });

  it('counts the shared identifier as held by both, so the merge trigger itself never conflicts', () => {
    const a = customer('a', '2020-01-01', [{ type: T.IDENTIFIER_TYPE_EMAIL, value: 'old@example.com', verified: true }]);
    const b = customer('b', '2020-01-01', [{ type: T.IDENTIFIER_TYPE_EMAIL, value: 'x@example.com', verified: true }]);
    expect(findConflict(a, b, { type: T.IDENTIFIER_TYPE_EMAIL, value: 'x@example.com' })).toBeUndefined();
  });
});
