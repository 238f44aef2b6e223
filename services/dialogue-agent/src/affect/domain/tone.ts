import { AffectLanguage } from './lexicon';
import { AffectReading } from './read-affect';
import { DecisionStyle } from './decision-style';

export type ToneMode = 'normal' | 'warm' | 'calm';

export interface TonePolicy {
  /** Frustration (message or conversation) at or above which the agent switches to calm mode. */
  calmThreshold: number;
  /** Tenant cap for a compensation coupon, minor units; 0 or absent = no coupon may be offered. */
  compensationCapMinor?: number;
}

export interface ToneDecision {
  mode: ToneMode;
  /** Recorded in the decision log: why this mode. */
  reasons: string[];
  offerHuman: boolean;
  allowCrossSell: boolean;
  /** Largest compensation coupon the agent may offer now (minor units); 0 = none. Never above the tenant cap. */
  maxCompensationMinor: number;
  /** Reply shape for calm mode: at most this many sentences. 0 = no limit. */
  maxSentences: number;
}

export interface ChooseToneInput {
  affect: AffectReading;
  conversationFrustration: number;
  policy: TonePolicy;
}

/**
 * Calm when frustration passes the tenant threshold (short, concrete, one acknowledgement, fastest fix,
 * no cross-sell, a person offered); warm when the customer is clearly in a good mood; normal otherwise.
 */
export function chooseTone(input: ChooseToneInput): ToneDecision {
  const { affect, policy } = input;
  const threshold = Number.isFinite(policy.calmThreshold) ? policy.calmThreshold : 0.6;
  const conv = Number.isFinite(input.conversationFrustration) ? input.conversationFrustration : 0;
  const cap = Math.max(0, Math.floor(policy.compensationCapMinor ?? 0));
  const reasons: string[] = [];
  const escalation = affect.signals.includes('escalation');

  if (affect.frustration >= threshold || conv >= threshold) {
    if (affect.frustration >= threshold) reasons.push(`message frustration ${affect.frustration} ≥ threshold ${threshold}`);
    if (conv >= threshold) reasons.push(`conversation frustration ${conv} ≥ threshold ${threshold}`);
    const shown = affect.signals.filter((s) => !s.startsWith('lexicon:')).slice(0, 4);
    if (shown.length) reasons.push(`signals: ${shown.join(', ')}`);
    reasons.push('calm mode: short reply, fastest fix first, cross-sell removed, person offered');
    const severe = Math.max(affect.frustration, conv) >= Math.min(1, threshold + 0.25);
    if (cap > 0 && severe) reasons.push(`compensation allowed up to tenant cap ${cap}`);
    return {
      mode: 'calm', reasons, offerHuman: true, allowCrossSell: false,
      maxCompensationMinor: cap > 0 && severe ? cap : 0, maxSentences: 3,
    };
  }

  const clearlyHappy = affect.mood === 'positive' && affect.sentiment >= 0.5 && affect.frustration < 0.15 && conv < 0.3;
  if (clearlyHappy) {
    reasons.push(`clearly good mood: sentiment ${affect.sentiment}, frustration ${affect.frustration}`);
    return { mode: 'warm', reasons, offerHuman: escalation, allowCrossSell: true, maxCompensationMinor: 0, maxSentences: 0 };
  }

  reasons.push(`frustration ${Math.max(affect.frustration, conv)} below threshold ${threshold}; mood ${affect.mood}`);
  if (escalation) reasons.push('customer mentioned a person: offer one');
  // Mild irritation: keep selling out of the reply even before calm mode.
  const allowCrossSell = affect.mood !== 'negative' && conv < threshold * 0.75;
  if (!allowCrossSell) reasons.push('cross-sell withheld: customer is not in a good mood');
  return { mode: 'normal', reasons, offerHuman: escalation, allowCrossSell, maxCompensationMinor: 0, maxSentences: 0 };
}

const ACK: Record<'calm' | 'warm', Record<AffectLanguage, string[]>> = {
  calm: {
    en: ['I understand, that is frustrating.', 'Sorry about this — let me fix it.', 'Understood. Here is the quickest fix.', 'You are right to expect better. Let me sort it out.'],
    ru: ['Понимаю, это неприятно.', 'Извините за это — давайте исправим.', 'Понял. Вот самый быстрый способ решить.', 'Вы правы, так не должно быть. Сейчас разберусь.'],
  },
  warm: {
    en: ['Love that!', 'Great choice!', 'Happy to help!', 'That sounds wonderful!'],
    ru: ['Отлично!', 'Прекрасный выбор!', 'С радостью помогу!', 'Здорово!'],
  },
};

const OFFER_HUMAN: Record<AffectLanguage, string> = {
  en: 'If you prefer, I can bring in a person from our team right now.',
  ru: 'Если хотите, я прямо сейчас подключу сотрудника.',
};

/** Style-specific lead: what the agent puts first for this kind of decider. */
const STYLE_LEAD: Record<Exclude<DecisionStyle, 'unknown'>, Record<AffectLanguage, string>> = {
  rational: { en: 'Here are the facts side by side:', ru: 'Вот сравнение по фактам:' },
  impulsive: { en: 'It is ready for you — one tap and it is yours:', ru: 'Всё готово — одно нажатие, и он ваш:' },
  anxious: { en: 'No risk for you: returns are free and it is under warranty.', ru: 'Без риска: возврат бесплатный, действует гарантия.' },
};

/**
 * One brief acknowledgement for the mode (calm: one sentence, no theatrical apology; warm: light),
 * '' for normal. `seed` picks a variant deterministically (e.g. turn number) so replies do not repeat.
 */
export function acknowledgement(mode: ToneMode, language: AffectLanguage, seed = 0): string {
  if (mode === 'normal') return '';
  const variants = ACK[mode][language === 'ru' ? 'ru' : 'en'];
  return variants[Math.abs(Math.floor(seed)) % variants.length];
}

export function offerHumanLine(language: AffectLanguage): string {
  return OFFER_HUMAN[language === 'ru' ? 'ru' : 'en'];
}

export function styleLead(style: DecisionStyle, language: AffectLanguage): string {
  return style === 'unknown' ? '' : STYLE_LEAD[style][language === 'ru' ? 'ru' : 'en'];
}

/** Apologies and exclamations that calm mode must not repeat; used to trim LLM drafts too. */
const THEATRICAL = /(i('| a)m (so |truly |deeply |terribly |very )+sorry|we deeply apologi[sz]e|sincerest apologies|i completely understand how you feel|мне (очень|искренне|ужасно) жаль|приносим (глубочайшие|искренние) извинения|глубоко сожалеем)[^.!?]*[.!?]*\s*/gi;

/**
 * Shapes a drafted reply for calm mode: removes theatrical apologies and exclamation marks, keeps at
 * most `maxSentences` sentences after one acknowledgement, and appends the offer of a person.
 */
export function shapeCalmReply(draft: string, language: AffectLanguage, options: { maxSentences?: number; offerHuman?: boolean; seed?: number } = {}): string {
  const max = options.maxSentences ?? 3;
  const cleaned = draft.replace(THEATRICAL, '').replace(/!+/g, '.').replace(/\s+/g, ' ').trim();
  const sentences = cleaned.match(/[^.?]+[.?]+|[^.?]+$/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
  const body = sentences.slice(0, Math.max(1, max - 1)).join(' ');
  const parts = [acknowledgement('calm', language, options.seed ?? 0), body];
  if (options.offerHuman ?? true) parts.push(offerHumanLine(language));
  return parts.filter(Boolean).join(' ');
}
