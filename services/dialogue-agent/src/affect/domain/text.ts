/** Lower-cased word tokens (letters, digits, apostrophes); ё folded to е so Russian lexicons match. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().replace(/ё/g, 'е').replace(/[’`]/g, "'").match(/[\p{L}\p{N}']+/gu) ?? []).map((t) =>
    t.replace(/^'+|'+$/g, ''),
  ).filter((t) => t.length > 0);
}

/** Share of upper-case letters among the letters of words of 2+ letters; 0 for short texts. */
export function capsRatio(text: string): number {
  const words = text.match(/\p{L}{2,}/gu) ?? [];
  const letters = words.join('');
  if (letters.length < 6) return 0;
  const upper = (letters.match(/\p{Lu}/gu) ?? []).length;
  return upper / letters.length;
}

/** Number of words written fully in capitals (3+ letters), a "shouting" signal. */
export function shoutedWords(text: string): number {
  return (text.match(/\p{L}{3,}/gu) ?? []).filter((w) => w === w.toUpperCase() && w !== w.toLowerCase()).length;
}

/** Longest run of "!" (and "?!" mixes) in the text. */
export function longestExclamationRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/[!?]*![!?]*/g) ?? []) {
    const bangs = (run.match(/!/g) ?? []).length;
    longest = Math.max(longest, run.length >= 2 ? run.length : bangs);
  }
  return longest;
}

/** Jaccard similarity of content-word sets, used to notice the same complaint repeated. */
export function similarity(a: string[], b: string[]): number {
  const sa = new Set(a.filter((t) => t.length > 2));
  const sb = new Set(b.filter((t) => t.length > 2));
  if (sa.size === 0 || sb.size === 0) return 0;
  let inter = 0;
  for (const t of sa) if (sb.has(t)) inter++;
  return inter / (sa.size + sb.size - inter);
}

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
