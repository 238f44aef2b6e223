/** Pure pricing rules: promotions, points, delivery and tax, in exact integer minor units. */

export interface PricedLine {
  productId: string;
  tags: string[];
  lineTotalMinor: bigint;
}

export interface PromotionRule {
  id: string;
  code: string;
  kind: 'percent' | 'fixed';
  value: bigint;
  currency: string;
  minSubtotalMinor: bigint;
  productIds: string[];
  tags: string[];
  startsAt: Date | null;
  expiresAt: Date | null;
  perCustomerLimit: number;
  totalLimit: number;
  timesUsed: number;
  stackable: boolean;
  customerId: string | null;
}

export interface PromotionCheck {
  rule: PromotionRule;
  /** Orders of this customer that already used it. */
  customerUses: number;
}

export type Ineligibility = string;

/** Why a promotion does not apply to this cart and customer, or null when it does. */
export function whyNotEligible(c: PromotionCheck, lines: PricedLine[], currency: string, customerId: string, now: Date): Ineligibility | null {
  const r = c.rule;
  if (r.startsAt && now < r.startsAt) return `coupon ${r.code} is not active yet`;
  if (r.expiresAt && now >= r.expiresAt) return `coupon ${r.code} has expired`;
  if (r.customerId && r.customerId !== customerId) return `coupon ${r.code} belongs to another customer`;
  if (r.totalLimit > 0 && r.timesUsed >= r.totalLimit) return `coupon ${r.code} has been used up`;
  if (r.perCustomerLimit > 0 && c.customerUses >= r.perCustomerLimit) return `coupon ${r.code} was already used the maximum number of times by this customer`;
  if (r.kind === 'fixed' && r.currency && r.currency !== currency) return `coupon ${r.code} is in ${r.currency}, the cart is in ${currency}`;
  const subtotal = lines.reduce((s, l) => s + l.lineTotalMinor, 0n);
  if (subtotal < r.minSubtotalMinor) return `coupon ${r.code} needs a subtotal of at least ${r.minSubtotalMinor} minor units`;
  if (scopeBase(r, lines) === 0n) return `coupon ${r.code} does not apply to anything in the cart`;
  return null;
}

function scopeBase(r: PromotionRule, lines: PricedLine[]): bigint {
  const scoped = r.productIds.length > 0 || r.tags.length > 0;
  return lines
    .filter((l) => !scoped || r.productIds.includes(l.productId) || l.tags.some((t) => r.tags.includes(t)))
    .reduce((s, l) => s + l.lineTotalMinor, 0n);
}

export function discountOf(r: PromotionRule, lines: PricedLine[]): bigint {
  const base = scopeBase(r, lines);
  const d = r.kind === 'percent' ? (base * r.value) / 10_000n : r.value;
  return d > base ? base : d;
}

export interface AppliedDiscount {
  rule: PromotionRule;
  discountMinor: bigint;
}

/**
 * Stacking: stackable promotions add up; a non-stackable one applies alone. The customer gets
 * whichever of "all stackables together" or "the best single non-stackable" saves more.
 */
export function applyStacking(eligible: PromotionRule[], lines: PricedLine[]): AppliedDiscount[] {
  const subtotal = lines.reduce((s, l) => s + l.lineTotalMinor, 0n);
  const stackables = eligible.filter((r) => r.stackable).map((rule) => ({ rule, discountMinor: discountOf(rule, lines) }));
  let stackTotal = 0n;
  const stacked: AppliedDiscount[] = [];
  for (const s of stackables) {
    const d = s.discountMinor > subtotal - stackTotal ? subtotal - stackTotal : s.discountMinor;
    stacked.push({ rule: s.rule, discountMinor: d });
    stackTotal += d;
  }
  const best = eligible
    .filter((r) => !r.stackable)
    .map((rule) => ({ rule, discountMinor: discountOf(rule, lines) }))
    .sort((a, b) => (b.discountMinor > a.discountMinor ? 1 : b.discountMinor < a.discountMinor ? -1 : 0))[0];
  if (best && best.discountMinor > stackTotal) return [best];
  return stacked;
}

export interface TotalsRules {
  deliveryFeeMinor: bigint;
  freeDeliveryFromMinor: bigint;
  taxRateBps: bigint;
  earnBps: bigint;
  maxRedeemBps: bigint;
}

export interface Totals {
  subtotal: bigint;
  discount: bigint;
  points: bigint;
  delivery: bigint;
  tax: bigint;
  total: bigint;
  pointsToEarn: bigint;
  maxRedeemablePoints: bigint;
}

/** Integer division rounding half up, for non-negative amounts. */
const roundDiv = (a: bigint, b: bigint) => (a * 2n + b) / (2n * b);

export function computeTotals(subtotal: bigint, discount: bigint, requestedPoints: bigint, chargesDelivery: boolean, rules: TotalsRules): Totals {
  const afterDiscount = subtotal - discount;
  const maxRedeemablePoints = (afterDiscount * rules.maxRedeemBps) / 10_000n;
  const points = requestedPoints;
  const delivery = chargesDelivery && afterDiscount < rules.freeDeliveryFromMinor ? rules.deliveryFeeMinor : 0n;
  const net = afterDiscount - points + delivery;
  const tax = roundDiv(net * rules.taxRateBps, 10_000n);
  const total = net + tax;
  return { subtotal, discount, points, delivery, tax, total, pointsToEarn: (total * rules.earnBps) / 10_000n, maxRedeemablePoints };
}
