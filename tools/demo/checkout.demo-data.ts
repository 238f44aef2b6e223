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
  { ...product('COF-ETH-1000', 'Ethiopia Yirgacheffe 1 kg', 'The same washed Yirgacheffe in a 1 kg bag: less per cup.', 4290, ['coffee', 'light-roast'], '1 kg', 80, { origin: 'Ethiopia', roast: 'light', process: 'washed' }), variantOfSku: 'COF-ETH-250' },
  product('COF-KEN-250', 'Kenya AA Nyeri 250 g', 'Blackcurrant and grapefruit, bright acidity, light-medium roast.', 1490, ['coffee', 'light-roast', 'filter'], '250 g', 21, { origin: 'Kenya', roast: 'light-medium', process: 'washed' }),
  product('COF-DECAF-250', 'Colombia Decaf 250 g', 'Sugar-cane decaf, milk chocolate, medium roast.', 1250, ['coffee', 'decaf'], '250 g', 21, { origin: 'Colombia', roast: 'medium', process: 'sugar-cane decaf' }),
  product('COF-RU-250', 'Кофе в зёрнах Эфиопия Сидамо 250 г', 'Светлая обжарка, ноты бергамота и персика.', 1390, ['coffee', 'кофе', 'light-roast'], '250 g', 21, { origin: 'Ethiopia', roast: 'light' }),
  product('ACC-FILTER-100', 'V60 paper filters, 100 pcs', 'Size 02 paper filters for the V60.', 590, ['accessory', 'brewing', 'consumable'], '100 pcs', 50, { size: '02' }),
  product('ACC-GRINDER', 'Hand grinder, steel burrs', 'Conical steel burrs, 20 g hopper, for filter and espresso.', 5900, ['accessory', 'brewing'], '1 pc', 0, { burrs: 'conical steel' }),
];

/** The demo's promotions: WELCOME10 for a first order, a stackable accessories discount, a coffee bundle offer. */
export const DEMO_PROMOTIONS: CheckoutV1.Promotion[] = [
  { code: 'WELCOME10', kind: CheckoutV1.DiscountKind.DISCOUNT_KIND_PERCENT, value: '1000', currency: 'EUR', minSubtotalMinor: '1000', productIds: [], tags: [], startsAt: undefined, expiresAt: undefined, perCustomerLimit: 1, totalLimit: 0, stackable: false, customerId: '', timesUsed: 0, description: '10 % off your first order from 10.00 EUR' },
  { code: 'BREW5', kind: CheckoutV1.DiscountKind.DISCOUNT_KIND_FIXED, value: '500', currency: 'EUR', minSubtotalMinor: '2000', productIds: [], tags: ['brewing'], startsAt: undefined, expiresAt: undefined, perCustomerLimit: 0, totalLimit: 500, stackable: true, customerId: '', timesUsed: 0, description: '5.00 EUR off brewing gear' },
  { code: 'BEANS15', kind: CheckoutV1.DiscountKind.DISCOUNT_KIND_PERCENT, value: '1500', currency: 'EUR', minSubtotalMinor: '4000', productIds: [], tags: ['coffee'], startsAt: undefined, expiresAt: undefined, perCustomerLimit: 0, totalLimit: 0, stackable: false, customerId: '', timesUsed: 0, description: '15 % off coffee from 40.00 EUR' },
];

/** Delivery slots for the next `days` days: 10-12, 14-16, 18-20 (UTC), 8 orders each; ids are stable so re-seeding updates them. */
export function demoDeliverySlots(from = new Date(), days = 7): CheckoutV1.DeliverySlot[] {
  const slots: CheckoutV1.DeliverySlot[] = [];
  for (let d = 1; d <= days; d++) {
    const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + d));
    for (const hour of [10, 14, 18]) {
      const start = new Date(day.getTime() + hour * 3_600_000);
      const id = `${start.toISOString().slice(0, 13)}`;
      const ts = (date: Date) => ({ seconds: String(Math.floor(date.getTime() / 1000)), nanos: 0 });
      slots.push({ slotId: id, startsAt: ts(start), endsAt: ts(new Date(start.getTime() + 2 * 3_600_000)), capacity: 8, remainingCapacity: 0 });
    }
  }
  return slots;
}
