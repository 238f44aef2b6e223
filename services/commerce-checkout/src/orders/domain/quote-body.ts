import { createHmac, timingSafeEqual } from 'node:crypto';

export interface QuoteLineJson {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: string;
  lineTotalMinor: string;
  tags: string[];
  packSize: string;
  typicalDaysOfUse: number;
}

export interface AddressJson {
  addressId: string;
  recipient: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
  phone: string;
}

export type Fulfilment = 'delivery' | 'pickup' | 'try_on';

/** What the customer confirms: every number priced here, covered by the signature. */
export interface QuoteBody {
  quoteId: string;
  tenantId: string;
  customerId: string;
  conversationId: string;
  cartId: string;
  currency: string;
  lines: QuoteLineJson[];
  subtotalMinor: string;
  discountMinor: string;
  pointsRedeemed: string;
  deliveryMinor: string;
  taxMinor: string;
  totalMinor: string;
  pointsToEarn: string;
  coupons: { promotionId: string; code: string; discountMinor: string }[];
  fulfilment: Fulfilment;
  slotId: string;
  storeId: string;
  address: AddressJson | null;
  expiresAt: string;
}

/** JSON with keys sorted at every level, so the same body always signs the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function signQuote(body: QuoteBody, key: string): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('base64url');
}

export function signatureMatches(body: QuoteBody, signature: string, key: string): boolean {
  const expected = Buffer.from(signQuote(body, key));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
