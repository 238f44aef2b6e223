import { CheckoutV1 } from '@concierge/contracts';

export const DEMO_FAQ_CSV = `question,answer
How long does delivery take?,"We deliver in 1–2 working days in the city and 3–5 days elsewhere. Orders placed before 14:00 leave the same day."
How much does shipping cost?,"Shipping is free from 40 EUR; below that it costs 4.90 EUR."
What is your return policy?,"Unopened items can be returned within 30 days for a full refund. Opened coffee can be returned within 14 days if you are not happy with it."
Which payment methods do you accept?,"Cards (Visa, Mastercard), Apple Pay, Google Pay and PayPal."
How fresh is your coffee?,"We roast every Monday and Thursday and ship within 48 hours of roasting. The roast date is printed on every bag."
Can I change or cancel my order?,"Yes, until it is packed — usually within 2 hours of ordering. Just tell us the order number."
What are your opening hours?,"Our shop is open Monday to Saturday, 9:00–19:00. The assistant here answers around the clock."
Сколько идёт доставка?,"Доставляем за 1–2 рабочих дня по городу и за 3–5 дней в другие регионы. Заказы до 14:00 отправляем в тот же день."
Как вернуть товар?,"Нераспечатанные товары можно вернуть в течение 30 дней с полным возвратом денег. Вскрытый кофе — в течение 14 дней, если он вам не понравился."
Какие способы оплаты?,"Карты (Visa, Mastercard, МИР), Apple Pay, Google Pay."
`;

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
});

export const DEMO_PRODUCTS: CheckoutV1.Product[] = [
  product('COF-ETH-250', 'Ethiopia Yirgacheffe 250 g', 'Washed Arabica, floral and citrus notes. Light roast, whole beans.', 1290, ['coffee', 'light-roast'], '250 g', 21, { origin: 'Ethiopia', roast: 'light', process: 'washed' }),
  product('COF-COL-250', 'Colombia Huila 250 g', 'Caramel and red apple, medium roast, whole beans.', 1150, ['coffee', 'medium-roast'], '250 g', 21, { origin: 'Colombia', roast: 'medium', process: 'washed' }),
  product('COF-BRA-1000', 'Brazil Cerrado 1 kg', 'Chocolate and nuts, medium-dark roast; great for espresso.', 3400, ['coffee', 'espresso'], '1 kg', 60, { origin: 'Brazil', roast: 'medium-dark', process: 'natural' }),
  product('TEA-ASM-100', 'Assam Breakfast Tea 100 g', 'Malty, bold black tea, loose leaf.', 790, ['tea'], '100 g', 30, { origin: 'India', type: 'black' }),
  product('ACC-V60', 'Ceramic V60 dripper', 'Hand-brew dripper, size 02, white ceramic.', 2490, ['accessory', 'brewing'], '1 pc', 0, { material: 'ceramic' }),
];
