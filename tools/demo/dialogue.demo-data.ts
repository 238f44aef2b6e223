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

/** Policy documents: the agent answers returns / delivery / warranty only from these. */
export const DEMO_POLICIES_MD = `# Shop policies

## Returns and refunds

Unopened items can be returned within 30 days of delivery for a full refund. Opened coffee can be returned within 14 days if you are not happy with it. Start a return in chat; we send a prepaid label by email. Refunds reach the original payment method within 5 working days after the parcel arrives at our roastery.

## Delivery

City delivery takes 1–2 working days, other regions 3–5. Orders placed before 14:00 leave the same day. Shipping is free from 40 EUR, otherwise 4.90 EUR. Express courier (next working day) costs 9.90 EUR.

## Warranty

Grinders and espresso machines carry a 2-year manufacturer warranty covering defects in materials and workmanship. Damage from missed descaling and broken glass parts are not covered. A machine that arrives damaged is replaced at no cost if you send a photo within 48 hours.
`;

export const DEMO_POLICIES_RU_MD = `# Правила магазина

## Возврат

Нераспечатанные товары можно вернуть в течение 30 дней после доставки с полным возвратом денег. Вскрытый кофе — в течение 14 дней, если он вам не понравился. Оформите возврат в чате, мы пришлём оплаченную этикетку на почту. Деньги вернутся на карту в течение 5 рабочих дней после получения посылки.

## Доставка

По городу доставляем за 1–2 рабочих дня, в другие регионы — за 3–5. Заказы до 14:00 отправляем в тот же день. Доставка бесплатна от 40 EUR, иначе 4,90 EUR.

## Гарантия

На кофемолки и кофемашины действует гарантия производителя 2 года. Гарантия не покрывает повреждения из-за отсутствия декальцинации и разбитые стеклянные детали.
`;

/** A "golden" sales conversation: retrieved as an example of how the best agents sell. */
export const DEMO_GOLDEN_TRANSCRIPT = `Customer: Which beans are best for a moka pot?
Agent: For a moka pot a medium roast works best — our Colombia Huila has chocolate notes and stays smooth without milk.
Customer: Is it very bitter?
Agent: No, it is one of our least bitter coffees; most moka customers reorder it.
Customer: OK, I'll take a bag.
Agent: Done — 1 × Colombia Huila 250 g is in your cart. Want it ground for moka? It's free.
Customer: Yes please.
Agent: Ground for moka it is. Shall I show the total?
`;
