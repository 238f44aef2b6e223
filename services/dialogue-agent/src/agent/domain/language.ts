export type Language = 'en' | 'ru';

/** The customer's language: the text's script first, the channel's locale as a tie-breaker. */
export function detectLanguage(text: string, locale = ''): Language {
  const cyrillic = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (cyrillic > latin) return 'ru';
  if (latin > cyrillic) return 'en';
  return locale.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}
