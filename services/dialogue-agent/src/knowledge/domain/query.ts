/** Words safe to put in a tsquery: letters and digits only. */
export function queryWords(text: string): string[] {
  return [...new Set((text.toLowerCase().replace(/ё/g, 'е').match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1))].slice(0, 32);
}

/**
 * Customers and policy pages use different words for the same thing ("refund" vs "returns",
 * "shipping" vs "delivery", "гарантия" vs "гарантийный"); each group's words are added as alternatives.
 */
const SYNONYMS: string[][] = [
  ['return', 'returns', 'refund', 'refunds', 'exchange', 'money back'],
  ['delivery', 'deliver', 'shipping', 'ship', 'courier', 'dispatch'],
  ['warranty', 'guarantee', 'guaranteed'],
  ['payment', 'pay', 'card', 'cash'],
  ['возврат', 'вернуть', 'верните', 'обмен', 'обменять', 'деньги'],
  ['доставка', 'доставить', 'доставите', 'привезти', 'курьер', 'отправка'],
  ['гарантия', 'гарантийный', 'гарантии'],
  ['оплата', 'оплатить', 'карта', 'наличные'],
];
const GROUP_OF = new Map<string, string[]>();
for (const group of SYNONYMS) for (const w of group) GROUP_OF.set(w, group);

/** Phrasal verbs that mean a policy topic ("send it back" = return). */
const PHRASES: Array<[RegExp, string]> = [
  [/\b(send|give|take|bring)\w* (it |them |this |that )?back\b/i, 'return'],
  [/\bmoney back\b/i, 'refund'],
  [/\bship(ped|ping)?\b|\barriv\w*/i, 'delivery'],
  [/(сдать|отдать|вернуть) обратно/i, 'возврат'],
];

export function expandQuery(text: string): string[] {
  const words = queryWords(text);
  for (const [re, word] of PHRASES) if (re.test(text)) words.push(word);
  const out = new Set(words);
  for (const w of words) for (const s of GROUP_OF.get(w) ?? []) for (const part of queryWords(s)) out.add(part);
  return [...out].slice(0, 48);
}

export type PolicyTopic = 'returns' | 'delivery' | 'warranty';
/** Policy look-up queries per language ('' = both). */
export const POLICY_QUERIES: Record<'en' | 'ru' | '', Record<PolicyTopic, string>> = {
  en: { returns: 'return policy refund', delivery: 'delivery shipping policy', warranty: 'warranty guarantee' },
  ru: { returns: 'возврат вернуть', delivery: 'доставка', warranty: 'гарантия' },
  '': { returns: 'return policy refund возврат', delivery: 'delivery shipping policy доставка', warranty: 'warranty guarantee гарантия' },
};
