import { AffectReading, moodOf } from './read-affect';
import { clamp } from './text';

/** What the LLM is asked to return as structured output (JSON schema below). */
export interface LlmAffectJudgement {
  frustration?: number;
  urgency?: number;
  sentiment?: number;
  /** The model's confidence in its own judgement, 0..1. */
  confidence?: number;
  /** Short free-text reason, recorded as a signal. */
  reason?: string;
}

/** JSON schema for chat-completions `response_format: { type: 'json_schema' }`. */
export const LLM_AFFECT_JSON_SCHEMA = {
  name: 'affect_judgement',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['frustration', 'urgency', 'sentiment', 'confidence', 'reason'],
    properties: {
      frustration: { type: 'number', minimum: 0, maximum: 1 },
      urgency: { type: 'number', minimum: 0, maximum: 1 },
      sentiment: { type: 'number', minimum: -1, maximum: 1 },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      reason: { type: 'string' },
    },
  },
} as const;

/** The most the LLM may move a rule score (either way): the model refines, it never overrides. */
const MAX_SHIFT = 0.3;
/** Hard lexical evidence the LLM cannot talk the score down from. */
const HARD = ['profanity', 'escalation', 'caps'];

const num = (v: unknown, lo: number, hi: number): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? clamp(v, lo, hi) : undefined;

/**
 * Combines the rule reading with the LLM's structured judgement: a confidence-weighted blend (LLM weight at
 * most 0.5), each score moved by at most 0.3, and never below the rule score when hard signals are present.
 * Malformed or missing judgements leave the rule reading unchanged.
 */
export function combineWithLlmJudgement(rule: AffectReading, llm: LlmAffectJudgement | null | undefined): AffectReading {
  if (!llm || typeof llm !== 'object') return rule;
  const confidence = num(llm.confidence, 0, 1) ?? 0.5;
  const w = 0.5 * confidence;
  if (w === 0) return rule;
  const hard = rule.signals.some((s) => HARD.includes(s));
  const blend = (ruleValue: number, llmValue: number | undefined, lo: number, hi: number, floorAtRule: boolean): number => {
    if (llmValue === undefined) return ruleValue;
    const mixed = (1 - w) * ruleValue + w * llmValue;
    let v = clamp(mixed, ruleValue - MAX_SHIFT, ruleValue + MAX_SHIFT);
    if (floorAtRule) v = Math.max(v, ruleValue);
    return Math.round(clamp(v, lo, hi) * 1000) / 1000;
  };
  const frustration = blend(rule.frustration, num(llm.frustration, 0, 1), 0, 1, hard);
  const urgency = blend(rule.urgency, num(llm.urgency, 0, 1), 0, 1, false);
  const sentiment = blend(rule.sentiment, num(llm.sentiment, -1, 1), -1, 1, false);
  const mood = moodOf(sentiment, frustration, rule.language ?? 'en');
  const signals = [...rule.signals, `llm:w=${Math.round(w * 100) / 100}`];
  if (typeof llm.reason === 'string' && llm.reason.trim()) signals.push(`llm-reason:${llm.reason.trim().slice(0, 80)}`);
  return { frustration, urgency, sentiment, mood, signals, language: rule.language };
}
