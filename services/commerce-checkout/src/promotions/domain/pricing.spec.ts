import { applyStacking, computeTotals, PricedLine, PromotionRule, whyNotEligible } from './pricing';

const rule = (over: Partial<PromotionRule>): PromotionRule => ({
  id: over.code ?? 'r', code: 'R', kind: 'percent', value: 1000n, currency: 'EUR', minSubtotalMinor: 0n, productIds: [], tags: [], startsAt: null, expiresAt: null,
  perCustomerLimit: 0, totalLimit: 0, timesUsed: 0, stackable: false, customerId: null, ...over,
});
const lines: PricedLine[] = [
  { productId: 'beans', tags: ['coffee'], lineTotalMinor: 3000n },
  { productId: 'dripper', tags: ['brewing'], lineTotalMinor: 2000n },
];
const now = new Date('2026-11-21T12:00:00Z');
const rules = { deliveryFeeMinor: 490n, freeDeliveryFromMinor: 5000n, taxRateBps: 2000n, earnBps: 500n, maxRedeemBps: 3000n };

describe('pricing rules', () => {
  it('explains why a coupon does not apply', () => {
    const check = (r: Partial<PromotionRule>, uses = 0, customer = 'c1') => whyNotEligible({ rule: rule({ code: 'X', ...r }), customerUses: uses }, lines, 'EUR', customer, now);
    expect(check({})).toBeNull();
    expect(check({ expiresAt: new Date('2026-11-20T00:00:00Z') })).toMatch(/expired/);
    expect(check({ startsAt: new Date('2026-12-01T00:00:00Z') })).toMatch(/not active yet/);
    expect(check({ minSubtotalMinor: 6000n })).toMatch(/at least 6000/);
    expect(check({ totalLimit: 5, timesUsed: 5 })).toMatch(/used up/);
    expect(check({ perCustomerLimit: 1 }, 1)).toMatch(/maximum number of times/);
    expect(check({ customerId: 'c2' })).toMatch(/another customer/);
    expect(check({ tags: ['tea'] })).toMatch(/does not apply to anything/);
    expect(check({ kind: 'fixed', currency: 'USD' })).toMatch(/in USD/);
  });

  it('scopes discounts to products or tags and never discounts more than the scope', () => {
    expect(applyStacking([rule({ tags: ['brewing'], value: 5000n })], lines)[0].discountMinor).toBe(1000n);
    expect(applyStacking([rule({ kind: 'fixed', value: 9999n, productIds: ['beans'] })], lines)[0].discountMinor).toBe(3000n);
  });

  it('adds stackable coupons, and lets a better non-stackable one win alone', () => {
    const a = rule({ code: 'A', kind: 'fixed', value: 300n, stackable: true });
    const b = rule({ code: 'B', kind: 'fixed', value: 200n, stackable: true });
    const tenPercent = rule({ code: 'P', value: 1000n });
    const fifteen = rule({ code: 'Q', value: 1500n });
    expect(applyStacking([a, b, tenPercent], lines).map((d) => [d.rule.code, d.discountMinor])).toEqual([['A', 300n], ['B', 200n]]);
    expect(applyStacking([a, b, fifteen, tenPercent], lines).map((d) => [d.rule.code, d.discountMinor])).toEqual([['Q', 750n]]);
  });

  it('prices delivery, points and tax in exact minor units', () => {
    expect(computeTotals(4000n, 400n, 100n, true, rules)).toEqual({
      subtotal: 4000n, discount: 400n, points: 100n, delivery: 490n, tax: 798n, total: 4788n, pointsToEarn: 239n, maxRedeemablePoints: 1080n,
    });
    expect(computeTotals(6000n, 0n, 0n, true, rules).delivery).toBe(0n);
    expect(computeTotals(1000n, 0n, 0n, false, rules).delivery).toBe(0n);
    // 1 minor unit at 20 % tax: 0.2 rounds to 0; 3 units: 0.6 rounds to 1.
    expect(computeTotals(1n, 0n, 0n, false, rules).tax).toBe(0n);
    expect(computeTotals(3n, 0n, 0n, false, rules).tax).toBe(1n);
  });
});
