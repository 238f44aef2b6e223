export type { AffectLanguage } from './domain/lexicon';
export {
  readAffect, conversationFrustration, moodOf, SCORER,
  type AffectInput, type AffectReading, type ChannelHints, type Mood,
} from './domain/read-affect';
export { inferDecisionStyle, type DecisionStyle, type DecisionStyleReading } from './domain/decision-style';
export {
  chooseTone, acknowledgement, offerHumanLine, styleLead, shapeCalmReply,
  type ToneMode, type TonePolicy, type ToneDecision, type ChooseToneInput,
} from './domain/tone';
export { combineWithLlmJudgement, LLM_AFFECT_JSON_SCHEMA, type LlmAffectJudgement } from './domain/llm-judgement';
