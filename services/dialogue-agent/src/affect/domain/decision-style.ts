import { AffectLanguage } from './lexicon';
import { clamp, tokenize } from './text';

export type DecisionStyle = 'rational' | 'impulsive' | 'anxious' | 'unknown';

export interface DecisionStyleReading {
  style: DecisionStyle;
  /** 0..1; below 0.35 the style is reported as unknown. */
  confidence: number;
  /** Evidence, e.g. "rational:spec-words:2", "impulsive:short-messages". */
  signals: string[];
}

const CUES: Record<Exclude<DecisionStyle, 'unknown'>, Record<AffectLanguage, RegExp[]>> = {
  rational: {
    en: [
      /\b(compare|comparison|versus|vs\.?|difference|differences|better than|which (one )?is better|pros and cons|trade-?off)\b/,
      /\b(specs?|specifications?|dimensions?|weight|capacity|battery( life)?|warranty length|material|resolution|wattage|voltage|efficiency|performance|benchmark|rating|per (kg|unit|month))\b/,
      /\d+\s?(mm|cm|m|kg|g|gb|tb|mb|mah|w|kw|hz|mhz|ghz|inch|in|"|%|l|ml|rpm|mp)\b/,
      /\b(why|how (much|long|many)|exactly|precisely|detailed|details)\b/,
    ],
    ru: [
      /(сравни|сравнен|отлича|разниц|чем лучше|что лучше|против|плюсы и минусы|\bvs\b)/,
      /(характеристик|параметр|размер|вес\b|емкост|ёмкост|батаре|аккумулятор|материал|разрешени|мощност|напряжени|производительн|рейтинг|за (кг|штуку|месяц))/,
      /\d+\s?(мм|см|м|кг|г|гб|тб|мб|мач|вт|квт|гц|мгц|ггц|дюйм|"|%|л|мл|об|мп)(?![\p{L}])/u,
      /(почему|сколько именно|точн|подробн|детальн)/,
    ],
  },
  impulsive: {
    en: [
      /\b(buy (it )?now|i'?ll take (it|them|one|two)|take it|just (send|give|buy|order)|add (it )?to (my )?cart|checkout now|grab|want (it|this|that) now|let'?s do it|sold|deal|yolo|whatever,? just)\b/,
      /\b(last (one|two|few)|only \d+ left|limited|sale|flash|today only|ends (today|tonight)|hurry)\b/,
      /(🔥|😍|🤩|💥|🛒)/,
    ],
    ru: [
      /(беру|возьму|покупаю|давай(те)?|оформляй|оформите|хочу (это|его|ее|её|сейчас)|в корзину|заказываю|шикарно,? беру|го\b)/,
      /(последн(ие|яя|ий|их)|осталось \d+|только сегодня|акци|распродаж|скидк|успеть)/,
      /(🔥|😍|🤩|💥|🛒)/,
    ],
  },
  anxious: {
    en: [
      /\b(return|returns|refund|money back|guarantee|guaranteed|warranty|reviews?|safe|safety|secure|scam|fake|legit|genuine|original|trust)\b/,
      /\b(what if|worried|worry|afraid|nervous|not sure|unsure|risk|risky|are you sure|can i cancel|cancel later|in case|does it break|will it fit)\b/,
    ],
    ru: [
      /(возврат|вернуть|гаранти|отзыв|безопасн|надежн|надёжн|подделк|оригинал|мошенн|доверя|не обман)/,
      /(а если|а вдруг|боюсь|волнуюсь|переживаю|не уверен|сомнева|риск|точно ли|можно ли отменить|на всякий случай|не сломается|подойдет ли|подойдёт ли)/,
    ],
  },
};

/**
 * Infers how the customer decides from their messages: cue counts per style plus message shape
 * (short fast messages lean impulsive, long questions lean rational). Confidence grows with evidence
 * and with the margin over the runner-up style.
 */
export function inferDecisionStyle(customerTexts: string[], language: AffectLanguage): DecisionStyleReading {
  const lang: AffectLanguage = language === 'ru' ? 'ru' : 'en';
  const texts = customerTexts.filter((t) => typeof t === 'string' && t.trim().length > 0);
  const score = { rational: 0, impulsive: 0, anxious: 0 };
  const signals: string[] = [];
  if (texts.length === 0) return { style: 'unknown', confidence: 0, signals };

  for (const style of Object.keys(score) as Array<keyof typeof score>) {
    let total = 0;
    for (const text of texts) {
      const lower = text.toLowerCase().replace(/ё/g, 'е');
      for (const cue of CUES[style][lang]) {
        const g = new RegExp(cue.source, cue.flags.includes('g') ? cue.flags : cue.flags + 'g');
        total += Math.min(2, (lower.match(g) ?? []).length);
      }
    }
    if (total > 0) signals.push(`${style}:cues:${total}`);
    score[style] += total;
  }

  const wordCounts = texts.map((t) => tokenize(t).length);
  const meanWords = wordCounts.reduce((a, b) => a + b, 0) / wordCounts.length;
  if (texts.length >= 2 && meanWords <= 4) { score.impulsive += 1; signals.push('impulsive:short-messages'); }
  if (meanWords >= 18) { score.rational += 0.5; signals.push('rational:long-messages'); }
  const questions = texts.filter((t) => t.includes('?')).length;
  if (questions >= 3 && score.rational > 0) { score.rational += 0.5; signals.push('rational:many-questions'); }

  const ranked = (Object.entries(score) as Array<[keyof typeof score, number]>).sort((a, b) => b[1] - a[1]);
  const [[best, top], [, second]] = ranked;
  const total = ranked.reduce((a, [, v]) => a + v, 0);
  if (top < 1) return { style: 'unknown', confidence: 0, signals };
  const margin = (top - second) / total;
  const evidence = 1 - Math.exp(-top / 4);
  const confidence = Math.round(clamp(margin * evidence * 1.25, 0, 1) * 100) / 100;
  return { style: confidence >= 0.35 || (top >= 2 && second === 0) ? best : 'unknown', confidence, signals };
}
