import {
  AffectLanguage, COMPLAINT, ESCALATION, NEGATIVE_EMOJI, POLITE_POSITIVE, PROFANITY, URGENCY,
  isBooster, isContrast, isNegator, valence,
} from './lexicon';
import { capsRatio, clamp, longestExclamationRun, shoutedWords, similarity, tokenize } from './text';

/** Signals from the channel beside the text: widget typing behaviour, voice prosody. All optional. */
export interface ChannelHints {
  /** Longest pause while typing this message (widget). */
  typingPauseMs?: number;
  /** Characters deleted while composing (widget). */
  deletions?: number;
  /** Words per minute (voice). */
  speechRateWpm?: number;
  /** Share of silence in the utterance, 0..1 (voice). */
  pauseRatio?: number;
  /** Mean loudness in dBFS (≤ 0; about -20 is conversational). */
  loudnessDb?: number;
  /** Mean pitch in Hz. */
  pitchHz?: number;
}

export interface AffectInput {
  text: string;
  language: AffectLanguage;
  hints?: ChannelHints;
  /** Earlier customer messages of the conversation, oldest first (repetition detection). */
  previousCustomerTexts?: string[];
}

export type Mood = 'negative' | 'neutral' | 'positive';

export interface AffectReading {
  /** 0..1: how frustrated the customer sounds in this message. */
  frustration: number;
  /** 0..1: how pressed for time. */
  urgency: number;
  /** -1..1: polarity of the text. */
  sentiment: number;
  mood: Mood;
  /** Why: machine-readable reasons, e.g. "lexicon:-0.62", "caps", "profanity", "escalation". */
  signals: string[];
  /** The language the reading was made in (mood thresholds are per language). */
  language?: AffectLanguage;
}

/** Tuned on the development splits (eval/eval-affect.ts); see docs/affect.md. */
export const SCORER = {
  /** VADER-style normalisation: s / sqrt(s² + alpha). */
  alpha: 15,
  negationFactor: -0.74,
  /** Positive polarity of a question counts this much. */
  questionPositiveFactor: 0.4,
  boosterFactor: 1.3,
  /**
   * Mood thresholds per language: sentiment at or below negativeAt → negative, at or above positiveAt →
   * positive, between → neutral; frustration at or above frustratedAt → negative whatever the polarity.
   */
  mood: {
    en: { negativeAt: -0.275, positiveAt: 0.35, frustratedAt: 0.35 },
    ru: { negativeAt: -0.175, positiveAt: 0.275, frustratedAt: 0.4 },
  } as Record<AffectLanguage, { negativeAt: number; positiveAt: number; frustratedAt: number }>,
};

export function moodOf(sentiment: number, frustration: number, language: AffectLanguage): Mood {
  const t = SCORER.mood[language === 'ru' ? 'ru' : 'en'];
  return frustration >= t.frustratedAt || sentiment <= t.negativeAt ? 'negative' : sentiment >= t.positiveAt ? 'positive' : 'neutral';
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

/** Lexicon polarity with negation (3-token window), boosters and "but" contrast, normalised to -1..1. */
export function lexiconPolarity(tokens: string[], language: AffectLanguage): { score: number; hits: number } {
  let sum = 0;
  let hits = 0;
  let contrastAt = -1;
  tokens.forEach((t, i) => { if (isContrast(t, language)) contrastAt = i; });
  for (let i = 0; i < tokens.length; i++) {
    let v = valence(tokens[i], language);
    if (v === 0) continue;
    hits++;
    if (i > 0 && isBooster(tokens[i - 1], language)) v *= SCORER.boosterFactor;
    for (let k = 1; k <= 3 && i - k >= 0; k++) {
      if (isNegator(tokens[i - k], language)) { v *= SCORER.negationFactor; break; }
    }
    if (contrastAt >= 0) v *= i < contrastAt ? 0.5 : 1.5;
    sum += v;
  }
  return { score: sum / Math.sqrt(sum * sum + SCORER.alpha), hits };
}

/** Per-message affect from the text and, when given, channel hints. Pure and deterministic. */
export function readAffect(input: AffectInput): AffectReading {
  const text = input.text ?? '';
  const language = input.language === 'ru' ? 'ru' : 'en';
  const lower = text.toLowerCase().replace(/ё/g, 'е');
  const tokens = tokenize(text);
  const signals: string[] = [];

  const { score, hits } = lexiconPolarity(tokens, language);
  // Asking about quality ("is it any good?", "а кофемолка хорошая?") is not expressing it.
  const question = /\?\s*$/.test(text.trim()) && !/!/.test(text);
  let sentiment = question && score > 0 ? score * SCORER.questionPositiveFactor : score;
  if (hits > 0) signals.push(`lexicon:${round(score)}`);

  const positiveEmoji = POLITE_POSITIVE[language].test(text);
  const negativeEmoji = NEGATIVE_EMOJI.test(text);
  if (positiveEmoji) { sentiment += 0.25; signals.push('positive-emoji'); }
  if (negativeEmoji) { sentiment -= 0.3; signals.push('negative-emoji'); }

  let frustration = 0;
  let urgency = 0;

  const profanity = PROFANITY[language].test(lower) || (language === 'ru' && PROFANITY.en.test(lower));
  if (profanity) { frustration += 0.35; sentiment -= 0.2; signals.push('profanity'); }

  const escalation = ESCALATION[language].test(lower) || (language === 'ru' && ESCALATION.en.test(lower));
  if (escalation) { frustration += 0.2; signals.push('escalation'); }

  const complaints = countMatches(lower, COMPLAINT[language]);
  if (complaints > 0) {
    frustration += Math.min(0.3, 0.15 * complaints);
    sentiment -= 0.1 * Math.min(2, complaints);
    signals.push(`complaint:${complaints}`);
  }

  const caps = capsRatio(text);
  const shouted = shoutedWords(text);
  if (caps >= 0.6 && shouted >= 2) { frustration += 0.2; urgency += 0.1; signals.push('caps'); }
  else if (shouted >= 2) { frustration += 0.08; signals.push('shouted-words'); }

  const bangs = longestExclamationRun(text);
  if (bangs >= 3) { frustration += sentiment < 0.1 ? 0.15 : 0; urgency += 0.15; signals.push(`exclamations:${bangs}`); }
  else if (bangs === 2) { frustration += sentiment < 0.1 ? 0.08 : 0; urgency += 0.08; signals.push('exclamations:2'); }

  const previous = (input.previousCustomerTexts ?? []).map(tokenize);
  const repeats = previous.filter((p) => similarity(p, tokens) >= 0.45).length;
  if (repeats > 0 && tokens.length >= 3) {
    frustration += Math.min(0.3, 0.18 * repeats);
    signals.push(`repeated:${repeats}`);
  }

  const urgent = countMatches(lower, URGENCY[language]);
  if (urgent > 0) { urgency += Math.min(0.7, 0.4 + 0.15 * (urgent - 1)); signals.push(`urgency-words:${urgent}`); }

  // Negative polarity itself is frustration evidence, strongest when the words are strong.
  if (sentiment < 0) frustration += Math.min(0.5, -sentiment * 0.55);

  const hinted = readHints(input.hints);
  frustration += hinted.frustration;
  urgency += hinted.urgency;
  signals.push(...hinted.signals);

  if (frustration >= 0.3) urgency += 0.1;

  sentiment = clamp(sentiment, -1, 1);
  frustration = clamp(frustration, 0, 1);
  urgency = clamp(urgency, 0, 1);
  const mood = moodOf(sentiment, frustration, language);
  return { frustration: round(frustration), urgency: round(urgency), sentiment: round(sentiment), mood, signals, language };
}

function countMatches(text: string, pattern: RegExp): number {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  return (text.match(global) ?? []).length;
}

function readHints(hints: ChannelHints | undefined): { frustration: number; urgency: number; signals: string[] } {
  const out = { frustration: 0, urgency: 0, signals: [] as string[] };
  if (!hints) return out;
  const { typingPauseMs, deletions, speechRateWpm, pauseRatio, loudnessDb, pitchHz } = hints;
  // Long hesitation with many rewrites: the customer is struggling to say it (mild).
  if ((typingPauseMs ?? 0) >= 8000 && (deletions ?? 0) >= 15) { out.frustration += 0.1; out.signals.push('typing-hesitation'); }
  else if ((deletions ?? 0) >= 40) { out.frustration += 0.08; out.signals.push('many-deletions'); }
  if ((speechRateWpm ?? 0) >= 190) { out.frustration += 0.1; out.urgency += 0.15; out.signals.push('fast-speech'); }
  if (pauseRatio !== undefined && pauseRatio <= 0.08 && (speechRateWpm ?? 0) >= 160) { out.frustration += 0.05; out.signals.push('no-pauses'); }
  if (loudnessDb !== undefined && loudnessDb >= -10) { out.frustration += 0.15; out.signals.push('loud-voice'); }
  if (pitchHz !== undefined && pitchHz >= 280) { out.frustration += 0.05; out.urgency += 0.05; out.signals.push('raised-pitch'); }
  return out;
}

/**
 * Conversation-level frustration: recent messages weigh most, but a frustrated customer does not
 * calm down because of one neutral line ("ok" after three angry messages), so the peak of the last
 * three messages decays slowly rather than vanishing.
 */
export function conversationFrustration(perMessage: number[]): number {
  const values = perMessage.filter((v) => Number.isFinite(v)).map((v) => clamp(v, 0, 1));
  if (values.length === 0) return 0;
  let ewma = values[0];
  for (const v of values.slice(1)) ewma = 0.55 * v + 0.45 * ewma;
  const recent = values.slice(-3);
  const recentPeak = Math.max(...recent) * 0.85;
  const sustained = values.slice(-4).filter((v) => v >= 0.4).length >= 3 ? 0.1 : 0;
  return round(clamp(Math.max(ewma, recentPeak) + sustained, 0, 1));
}
