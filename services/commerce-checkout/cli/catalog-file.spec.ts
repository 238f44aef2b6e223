import { parseCatalog, toMinorUnits } from './catalog-file';

describe('catalog file import', () => {
  it('converts decimal prices to minor units exactly, by the currency', () => {
    expect(toMinorUnits('12.90', 'EUR')).toBe('1290');
    expect(toMinorUnits('12,9', 'EUR')).toBe('1290');
    expect(toMinorUnits('1500', 'JPY')).toBe('1500');
    expect(() => toMinorUnits('0.001', 'EUR')).toThrow(/decimals/);
    expect(() => toMinorUnits('-1', 'EUR')).toThrow(/non-negative/);
  });

  it('keeps good CSV rows and reports each bad one with its line', () => {
    const csv = [
      'sku,name,price,currency,stock,tags,pack_size,typical_days_of_use,variant_of_sku,attr:roast',
      'ETH-250,Ethiopia 250 g,12.90,EUR,40,coffee|light-roast,250 g,21,,light',
      'ETH-1000,Ethiopia 1 kg,39.00,EUR,10,coffee,1 kg,80,ETH-250,light',
      'BAD-1,No price,,EUR,1,,,,,',
      ',Nameless sku,1.00,EUR,1,,,,,',
      'ETH-250,Duplicate,1.00,EUR,1,,,,,',
      'BAD-2,Bad stock,1.00,EUR,many,,,,,',
    ].join('\n');
    const parsed = parseCatalog(csv, 'csv');
    expect(parsed.total).toBe(6);
    expect(parsed.products.map((p) => p.product.sku)).toEqual(['ETH-250', 'ETH-1000']);
    expect(parsed.products[1].product).toMatchObject({ price: { amountMinor: '3900', currency: 'EUR' }, variantOfSku: 'ETH-250', packSize: '1 kg', typicalDaysOfUse: 80, attributes: { roast: 'light' } });
    expect(parsed.products[0].product.tags).toEqual(['coffee', 'light-roast']);
    expect(parsed.errors.map((e) => [e.row, e.message])).toEqual([
      [4, 'price or price_minor is required'],
      [5, 'sku is required'],
      [6, 'sku "ETH-250" already appears on row 2'],
      [7, 'stock "many" is not a whole number'],
    ]);
  });

  it('reads JSON arrays with attribute objects', () => {
    const parsed = parseCatalog(JSON.stringify({ products: [{ sku: 'A', name: 'A', price_minor: 100, currency: 'usd', tags: ['x'], attributes: { size: 'L' } }, { sku: 'B' }] }), 'json');
    expect(parsed.products[0].product).toMatchObject({ price: { amountMinor: '100', currency: 'USD' }, attributes: { size: 'L' } });
    expect(parsed.errors).toEqual([{ row: 2, sku: 'B', message: 'price or price_minor is required' }]);
  });
});
