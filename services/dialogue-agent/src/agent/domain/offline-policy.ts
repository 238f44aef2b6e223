import type { Intent } from './intent';
import type { Language } from './language';

export interface KnowledgeAnswer {
  chunkId: string;
  title: string;
  text: string;
  score: number;
}

export interface PolicyDecision {
  intent: Intent;
  text: string;
  quickReplies: { label: string; payload: string }[];
  handoff: boolean;
  tone: 'normal' | 'warm';
  knowledgeChunkIds: string[];
  reason: string;
}

const T = {
  en: {
    greeting: (name: string) => `Hello${name ? `, ${name}` : ''}! I'm the shop's assistant. Ask me about delivery, returns, payment or our products.`,
    thanks: 'You are welcome! Anything else I can help with?',
    handoff: "Sure — I'm passing you to a person now. Someone from the team will reply right here shortly.",
    unknown:
      "I don't know that for sure, and I'd rather not guess. I'm passing you to a person who can help — they will reply right here.",
    human: 'Talk to a person',
  },
  ru: {
    greeting: (name: string) => `Здравствуйте${name ? `, ${name}` : ''}! Я помощник магазина. Спросите о доставке, возврате, оплате или товарах.`,
    thanks: 'Пожалуйста! Могу ещё чем-то помочь?',
    handoff: 'Конечно — передаю вас сотруднику. Вам ответят прямо здесь в ближайшее время.',
    unknown: 'Точно не знаю и не хочу гадать. Передаю вас сотруднику — вам ответят прямо здесь.',
    human: 'Связаться с человеком',
  },
} as const;

/** The built-in policy used when no LLM is configured: greet, answer from the FAQ, or pass to a person. */
export function decideReply(input: {
  intent: Intent;
  language: Language;
  customerName: string;
  knowledge?: KnowledgeAnswer;
}): PolicyDecision {
  const t = T[input.language];
  const firstName = input.customerName.split(/\s+/)[0] ?? '';
  const base = { intent: input.intent, quickReplies: [], handoff: false, tone: 'normal' as const, knowledgeChunkIds: [] };
  switch (input.intent) {
    case 'greeting':
      return { ...base, tone: 'warm', text: t.greeting(firstName), reason: 'greeting recognized' };
    case 'thanks':
      return { ...base, tone: 'warm', text: t.thanks, reason: 'thanks recognized' };
    case 'handoff_request':
      return { ...base, handoff: true, text: t.handoff, reason: 'customer asked for a person' };
    case 'question':
      if (input.knowledge)
        return {
          ...base,
          text: input.knowledge.text,
          knowledgeChunkIds: [input.knowledge.chunkId],
          quickReplies: [{ label: t.human, payload: 'handoff' }],
          reason: `answered from knowledge "${input.knowledge.title}" (score ${input.knowledge.score.toFixed(3)})`,
        };
      return { ...base, handoff: true, text: t.unknown, reason: 'no relevant knowledge found; not inventing an answer' };
  }
}
