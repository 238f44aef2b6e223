import type { Language } from '../../agent/domain/language';

/** What an operator sees first: a short summary, and a reply they can send as is. */
export function operatorBrief(input: {
  language: Language;
  customerName: string;
  customerTexts: string[];
  reason: string;
  mood: string;
  frustration: number;
  style: string;
  cartOrQuote?: string;
  lastOrder?: string;
}): { summary: string; suggestedReply: string } {
  const recent = input.customerTexts.slice(-3).map((t) => `"${t.replace(/\s+/g, ' ').slice(0, 140)}"`).join(' → ');
  const parts = [
    `${input.customerName || 'Customer'} (${input.language}, mood ${input.mood || 'neutral'}, frustration ${input.frustration.toFixed(2)}, style ${input.style || 'unknown'}).`,
    `Handoff: ${input.reason}.`,
    recent ? `Said: ${recent}.` : '',
    input.cartOrQuote ? `Pending: ${input.cartOrQuote}.` : '',
    input.lastOrder ? `Last order: ${input.lastOrder}.` : '',
  ];
  const first = (input.customerName || '').split(/\s+/)[0];
  const upset = input.frustration >= 0.6 || input.mood === 'negative';
  const suggestedReply =
    input.language === 'ru'
      ? `Здравствуйте${first ? `, ${first}` : ''}! Я сотрудник магазина, уже читаю вашу переписку${upset ? ' — сейчас всё исправим' : ''}. Уточните, пожалуйста, номер заказа?`
      : `Hi${first ? ` ${first}` : ''}, I'm a person from the team and I've read the conversation${upset ? " — let's get this fixed now" : ''}. Could you confirm your order number?`;
  return { summary: parts.filter(Boolean).join(' ').slice(0, 1000), suggestedReply };
}
