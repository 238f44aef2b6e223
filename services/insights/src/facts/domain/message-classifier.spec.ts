import { classifyMessage, maskPii } from './message-classifier';

describe('classifyMessage', () => {
  it.each([
    "I can't find the promo code field",
    'Where do I enter my coupon code?',
    'cannot find where to put the promo code',
    'где ввести промокод?',
    'не могу найти поле для промокода',
    'Подскажите, куда вводить промо-код, не нахожу',
  ])('files "%s" as UI friction about the promo code', (text) => {
    const c = classifyMessage(text);
    expect(c.barriers).toContain('ui_friction');
    expect(c.subjects).toContain('ui_friction:promo_code');
    expect(c.barriers).not.toContain('price');
  });

  it('tells the barriers apart in English and Russian', () => {
    expect(classifyMessage('This is way too expensive').barriers).toEqual(['price']);
    expect(classifyMessage('Дорого, есть дешевле?').barriers).toContain('price');
    expect(classifyMessage('Will size M fit me? It looks too small').barriers).toContain('size_fit');
    expect(classifyMessage('Когда будет доставка?').barriers).toContain('delivery');
    expect(classifyMessage('My card was declined').barriers).toContain('payment');
    expect(classifyMessage('Is this an original or a fake?').barriers).toContain('trust_quality');
    expect(classifyMessage('Хочу оформить возврат').barriers).toContain('returns');
    expect(classifyMessage('Ужасный сервис, я недоволен').barriers).toContain('complaint');
    expect(classifyMessage('Thanks, love it!').barriers).toEqual(['praise']);
    expect(classifyMessage('Hello').barriers).toEqual([]);
  });

  it('sees product questions and mentions of known products', () => {
    const c = classifyMessage('Is the Oak Shelf wall mount strong enough?', [{ productId: 'p-shelf', name: 'Oak Shelf' }]);
    expect(c.products).toEqual(['p-shelf']);
    expect(c.subjects).toContain('product_question:p-shelf');
  });

  it('detects the language and extracts key phrases', () => {
    const c = classifyMessage('не могу найти поле для промокода');
    expect(c.language).toBe('ru');
    expect(c.keyPhrases).toEqual(expect.arrayContaining(["can't find", 'promo code']));
  });
});

describe('maskPii', () => {
  it('masks card numbers, e-mails and phone numbers', () => {
    expect(maskPii('card 4111 1111 1111 1111, mail a.b@x.io, call +7 (912) 345-67-89')).toBe('card [number], mail [email], call [phone]');
    expect(maskPii('call me on +44 20 7946 0958 or 8 912 345 67 89')).toBe('call me on [phone] or [phone]');
  });
});
