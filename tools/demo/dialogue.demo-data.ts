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
