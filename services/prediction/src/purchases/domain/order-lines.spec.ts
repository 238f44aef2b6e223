import { CheckoutV1 } from '@concierge/contracts';
import { purchasedProducts } from './order-lines';

const line = (productId: string, quantity: number): CheckoutV1.OrderLine => ({ productId, name: productId, quantity, unitPrice: undefined });

describe('purchasedProducts', () => {
  it('sums lines of the same product', () => {
    expect(purchasedProducts([line('a', 2), line('b', 1), line('a', 3)])).toEqual([
      { productId: 'a', quantity: 5 },
      { productId: 'b', quantity: 1 },
    ]);
  });

  it.each([[[]], [[line('', 1)]], [[line('a', 0)]], [[line('a', 1.5)]]])('rejects an order with bad lines: %j', (lines) => {
    expect(() => purchasedProducts(lines)).toThrow(expect.objectContaining({ code: 'ORDER_INVALID' }));
  });
});
