import { CheckoutV1 } from '@concierge/contracts';

const product = (
  sku: string,
  name: string,
  description: string,
  amountMinor: number,
  tags: string[],
  packSize: string,
  days: number,
  attributes: Record<string, string>,
): CheckoutV1.Product => ({
  productId: '',
  sku,
  name,
  description,
  price: { amountMinor: String(amountMinor), currency: 'EUR' },
  stock: 40,
  tags,
  packSize,
  typicalDaysOfUse: days,
  attributes,
  variantOfSku: '',
});

export const DEMO_PRODUCTS: CheckoutV1.Product[] = [
  product('COF-ETH-250', 'Ethiopia Yirgacheffe 250 g', 'Washed Arabica, floral and citrus notes. Light roast, whole beans.', 1290, ['coffee', 'light-roast'], '250 g', 21, { origin: 'Ethiopia', roast: 'light', process: 'washed' }),
  product('COF-COL-250', 'Colombia Huila 250 g', 'Caramel and red apple, medium roast, whole beans.', 1150, ['coffee', 'medium-roast'], '250 g', 21, { origin: 'Colombia', roast: 'medium', process: 'washed' }),
  product('COF-BRA-1000', 'Brazil Cerrado 1 kg', 'Chocolate and nuts, medium-dark roast; great for espresso.', 3400, ['coffee', 'espresso'], '1 kg', 60, { origin: 'Brazil', roast: 'medium-dark', process: 'natural' }),
  product('TEA-ASM-100', 'Assam Breakfast Tea 100 g', 'Malty, bold black tea, loose leaf.', 790, ['tea'], '100 g', 30, { origin: 'India', type: 'black' }),
  product('ACC-V60', 'Ceramic V60 dripper', 'Hand-brew dripper, size 02, white ceramic.', 2490, ['accessory', 'brewing'], '1 pc', 0, { material: 'ceramic' }),
];
