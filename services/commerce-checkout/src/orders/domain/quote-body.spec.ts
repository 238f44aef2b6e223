import { canonicalJson, QuoteBody, signatureMatches, signQuote } from './quote-body';

const body: QuoteBody = {
  quoteId: 'q', tenantId: 't', customerId: 'c', conversationId: '', cartId: 'cart', currency: 'EUR',
  lines: [{ productId: 'p', sku: 's', name: 'Beans', quantity: 1, unitPriceMinor: '1290', lineTotalMinor: '1290', tags: [], packSize: '250 g', typicalDaysOfUse: 14 }],
  subtotalMinor: '1290', discountMinor: '0', pointsRedeemed: '0', deliveryMinor: '490', taxMinor: '0', totalMinor: '1780', pointsToEarn: '89',
  coupons: [], fulfilment: 'delivery', slotId: '', storeId: '', address: null, expiresAt: '2026-11-21T12:00:00.000Z',
};

describe('quote signature', () => {
  it('is independent of key order and changes with any number', () => {
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as unknown as QuoteBody;
    expect(canonicalJson(reordered)).toBe(canonicalJson(body));
    const sig = signQuote(body, 'k'.repeat(16));
    expect(signatureMatches(reordered, sig, 'k'.repeat(16))).toBe(true);
    expect(signatureMatches({ ...body, totalMinor: '1' }, sig, 'k'.repeat(16))).toBe(false);
    expect(signatureMatches({ ...body, lines: [{ ...body.lines[0], unitPriceMinor: '1' }] }, sig, 'k'.repeat(16))).toBe(false);
    expect(signatureMatches(body, sig, 'another-key-0123456')).toBe(false);
    expect(signatureMatches(body, 'short', 'k'.repeat(16))).toBe(false);
  });
});
