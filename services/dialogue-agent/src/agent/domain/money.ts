import type { CommonV1 } from '@concierge/contracts';
import type { Language } from './language';

export const minor = (m: CommonV1.Money | undefined): number => Number(m?.amountMinor ?? 0);

/** "€12.50" / "12,50 €": always from a checkout Money, never from text. */
export function formatMoney(amountMinor: number, currency: string, language: Language): string {
  const cur = currency || 'EUR';
  try {
    return new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-US', { style: 'currency', currency: cur }).format(amountMinor / 100);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${cur}`;
  }
}
