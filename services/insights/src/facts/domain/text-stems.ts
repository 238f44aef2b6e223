import { StemmerRu } from '@nlpjs/lang-ru';

const ru = new StemmerRu();
const CYRILLIC = /[\u0400-\u04ff]/;

/** Contractions and spellings that mean the same thing, folded before stemming. */
const FOLDS: [RegExp, string][] = [
  [/[’`´]/g, "'"],
  [/\bcan ?not\b/g, 'cant'],
  [/\b(can|couldn|don|doesn|didn|won|isn|aren|wasn)'t\b/g, '$1t'],
  [/\bpromo[- ]?codes?\b/g, 'promo code'],
  [/\bcoupons?([- ]?codes?)?\b/g, 'promo code'],
  [/\bdiscount codes?\b/g, 'promo code'],
  [/\bvouchers?([- ]?codes?)?\b/g, 'promo code'],
  [/ё/g, 'е'],
  [/промо-?код/g, 'промокод'],
  [/\bкупон/g, 'промокод'],
];

function stemEn(w: string): string {
  if (w.length <= 3) return w;
  for (const suffix of ['ing', 'ed', 'es', 'ly', 's']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      const base = w.slice(0, -suffix.length);
      return suffix === 'ing' || suffix === 'ed' ? base.replace(/(.)\1$/, '$1').replace(/e$/, '') : base.replace(/e$/, '');
    }
  }
  return w.replace(/e$/, '');
}

export function stemWord(w: string): string {
  return CYRILLIC.test(w) ? (ru.stemWord(w) as string) : stemEn(w);
}

export interface Token {
  word: string;
  stem: string;
}

/** Lower-cased words with their stems; punctuation only separates. */
export function tokenize(text: string): Token[] {
  let t = text.toLowerCase();
  for (const [re, to] of FOLDS) t = t.replace(re, to);
  const words = t.match(/[a-z\u0400-\u04ff0-9']+/g) ?? [];
  return words.map((w) => w.replace(/'/g, '')).filter(Boolean).map((word) => ({ word, stem: stemWord(word) }));
}

export function languageOf(text: string): 'ru' | 'en' {
  const letters = text.match(/\p{L}/gu) ?? [];
  const cyr = letters.filter((c) => CYRILLIC.test(c)).length;
  return letters.length && cyr / letters.length > 0.3 ? 'ru' : 'en';
}

/** A phrase as stems, e.g. "где ввести" → ["где", "ввест"]. */
export const phraseStems = (phrase: string): string[] => tokenize(phrase).map((t) => t.stem);

/**
 * Where a phrase occurs in the tokens: its stems in order, each within `gap` words of the
 * previous one ("can't seem to find" still matches "can't find").
 */
export function findPhrase(tokens: Token[], stems: string[], gap = 2): number {
  outer: for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i].stem.startsWith(stems[0])) continue;
    let at = i;
    for (let k = 1; k < stems.length; k++) {
      let found = -1;
      for (let j = at + 1; j <= Math.min(tokens.length - 1, at + 1 + gap); j++) {
        if (tokens[j].stem.startsWith(stems[k])) {
          found = j;
          break;
        }
      }
      if (found < 0) continue outer;
      at = found;
    }
    return i;
  }
  return -1;
}
