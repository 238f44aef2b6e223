import { CheckoutV1 } from '@concierge/contracts';
import { toProductDrafts } from './product-draft';

const product = (over: Partial<CheckoutV1.Product>): CheckoutV1.Product => ({
  productId: '', sku: 'SKU-1', name: 'Beans', description: '', price: { amountMinor: '100', currency: 'EUR' }, stock: 0,
  tags: [], packSize: '', typicalDaysOfUse: 0, attributes: {}, variantOfSku: '', ...over,
});

describe('toProductDrafts', () => {
  it('normalizes money, currency, tags and text', () => {
    const [draft] = toProductDrafts([product({ sku: ' SKU-1 ', price: { amountMinor: '0099', currency: 'rub' }, tags: ['Coffee', ' coffee ', '', 'Зерно'] })]);
    expect(draft).toMatchObject({ sku: 'SKU-1', priceMinor: '99', currency: 'RUB', tags: ['coffee', 'зерно'] });
  });

  it('accepts the largest int64 amount and rejects anything beyond it or fractional', () => {
    expect(toProductDrafts([product({ price: { amountMinor: '9223372036854775807', currency: 'EUR' } })])[0].priceMinor).toBe('9223372036854775807');
    for (const amountMinor of ['9223372036854775808', '1.5', '1e3', '', '-0'])
      expect(() => toProductDrafts([product({ price: { amountMinor, currency: 'EUR' } })])).toThrow(expect.objectContaining({ code: 'PRICE_INVALID' }));
  });

  it('names the offending product and rejects repeated SKUs', () => {
    expect(() => toProductDrafts([product({}), product({ sku: 'B', stock: 1.5 })])).toThrow('products[1].stock');
    expect(() => toProductDrafts([product({}), product({})])).toThrow(expect.objectContaining({ code: 'SKU_DUPLICATED' }));
  });
});
