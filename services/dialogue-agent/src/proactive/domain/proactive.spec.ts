import { composeProactiveMessage } from './proactive-message';
import { quietUntil, safeTimeZone } from './quiet-hours';

describe('quietUntil', () => {
  const at = (iso: string) => new Date(iso);
  it('defers inside quiet hours that wrap midnight, to the end of them in the customer zone', () => {
    // 23:30 in Moscow (UTC+3) = 20:30 UTC; quiet until 09:00 Moscow = 06:00 UTC next day.
    expect(quietUntil(at('2026-03-10T20:30:00Z'), '21:00-09:00', 'Europe/Moscow')?.toISOString()).toBe('2026-03-11T06:00:00.000Z');
    expect(quietUntil(at('2026-03-10T04:00:00Z'), '21:00-09:00', 'UTC')?.toISOString()).toBe('2026-03-10T09:00:00.000Z');
  });
  it('lets messages through outside quiet hours or when none are configured', () => {
    expect(quietUntil(at('2026-03-10T12:00:00Z'), '21:00-09:00', 'UTC')).toBeUndefined();
    expect(quietUntil(at('2026-03-10T23:00:00Z'), '', 'UTC')).toBeUndefined();
    expect(quietUntil(at('2026-03-10T13:00:00Z'), '12:00-14:00', 'UTC')?.toISOString()).toBe('2026-03-10T14:00:00.000Z');
  });
  it('falls back to the default zone for a bad one', () => {
    expect(safeTimeZone('Mars/Olympus', 'UTC')).toBe('UTC');
    expect(safeTimeZone('Europe/Berlin', 'UTC')).toBe('Europe/Berlin');
  });
});

describe('composeProactiveMessage', () => {
  const context = { productId: 'p1', productName: 'Colombia 500 g', quantity: 2 };
  it('adapts the second sentence to the decision style and never states a price', () => {
    const rational = composeProactiveMessage({ kind: 'reorder', language: 'en', style: 'rational', name: 'Anna Smith', context, messageId: 'm1' });
    const impulsive = composeProactiveMessage({ kind: 'reorder', language: 'en', style: 'impulsive', name: 'Anna', context, messageId: 'm1' });
    const anxious = composeProactiveMessage({ kind: 'reorder', language: 'ru', style: 'anxious', name: 'Анна', context, messageId: 'm1' });
    expect(rational.text).toBe("Hi Anna! Looks like your Colombia 500 g is running low. Shall I reorder? Same as last time: 2 × Colombia 500 g, at today's catalog price.");
    expect(impulsive.text).toMatch(/One tap and it is on its way\.$/);
    expect(anxious.text).toMatch(/^Анна, добрый день!.*отменить можно в любой момент\.$/);
    for (const m of [rational, impulsive, anxious]) expect(m.text).not.toMatch(/[$€₽]|\d+[.,]\d\d/);
    expect(rational.quickReplies).toEqual([{ label: 'Reorder', payload: 'add:p1' }, { label: 'Not now', payload: 'snooze:m1' }]);
  });
  it('offers no Reorder button without a product', () => {
    const m = composeProactiveMessage({ kind: 'win_back', language: 'en', style: 'unknown', context: {}, messageId: 'm2' });
    expect(m.text).toBe('Hi! It has been a while. Anything I can help with?');
    expect(m.quickReplies.map((q) => q.payload)).toEqual(['snooze:m2']);
  });
});

import { rejectDraft } from '../llm/proactive-writer';

describe('rejectDraft (guards on LLM-written proactive messages)', () => {
  const template = 'Hi Anna! Looks like your Colombia 500 g is running low. Shall I reorder? Same as last time: 2 × Colombia 500 g.';
  it('accepts a short rewrite with the same facts', () => {
    expect(rejectDraft('Anna, your Colombia 500 g is almost gone — want the usual 2 bags again?', template, 'en')).toBeUndefined();
  });
  it.each([
    ['Anna, reorder now for only €9.99!', 'invented number 9.99'],
    ['Anna, get 20% off your Colombia today!', 'invented number 20'],
    ['Reorder at https://shop.example/r', 'contains a link'],
    ['Анна, повторить заказ?', 'wrong language'],
    ['', 'empty'],
    ['One. Two. Three. Four.', 'more than 3 sentences'],
  ])('rejects %j (%s)', (draft, reason) => {
    expect(rejectDraft(draft, template, 'en')).toBe(reason);
  });
});
