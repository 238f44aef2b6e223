import { Injectable, Logger } from '@nestjs/common';
import OpenAI from 'openai';
import { z } from 'zod';
import type { ComposedMessage, ProactiveKind } from '../domain/proactive-message';

const writerEnv = z.object({
  // auto: the LLM rewrites proactive messages when OPENAI_API_KEY is set; off: templates only.
  PROACTIVE_LLM: z.enum(['auto', 'off']).default('auto'),
  OPENAI_API_KEY: z.string().trim().default(''),
  OPENAI_BASE_URL: z.string().trim().default(''),
  LLM_MODEL: z.string().trim().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(20_000),
});

const SCHEMA = {
  name: 'proactive_message',
  strict: true,
  schema: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string' } } },
} as const;

export interface WrittenMessage extends ComposedMessage {
  /** "template", "llm", or "template (llm draft rejected: …)". */
  writer: string;
}

/**
 * Why an LLM draft may not be sent: it must stay short, in the customer's language, and add no fact the
 * template did not have — no new numbers (prices, quantities, dates), currency signs or links.
 */
export function rejectDraft(draft: string, template: string, language: 'en' | 'ru'): string | undefined {
  const text = draft.trim();
  if (!text) return 'empty';
  if (text.length > 320) return 'too long';
  if ((text.match(/[.!?]+(\s|$)/g) ?? []).length > 3) return 'more than 3 sentences';
  const numbers = (s: string) => new Set(s.match(/\d+([.,]\d+)?/g) ?? []);
  const allowed = numbers(template);
  for (const n of numbers(text)) if (!allowed.has(n)) return `invented number ${n}`;
  if (/[$€£₽¥]|\b(usd|eur|rub|руб)/i.test(text) && !/[$€£₽¥]|\b(usd|eur|rub|руб)/i.test(template)) return 'mentions a price';
  if (/https?:\/\/|www\./i.test(text)) return 'contains a link';
  const cyr = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  const lat = (text.match(/[A-Za-z]/g) ?? []).length;
  if (language === 'ru' ? cyr < lat : lat < cyr) return 'wrong language';
  return undefined;
}

/** Optional LLM polish of proactive templates, guarded; any failure or doubt sends the template. */
@Injectable()
export class ProactiveWriter {
  private readonly logger = new Logger('ProactiveWriter');
  private readonly client: OpenAI | undefined;
  private readonly model: string;

  constructor() {
    const env = writerEnv.parse(process.env);
    this.model = env.LLM_MODEL;
    if (env.PROACTIVE_LLM === 'auto' && env.OPENAI_API_KEY)
      this.client = new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL || undefined, timeout: env.LLM_TIMEOUT_MS, maxRetries: 1 });
  }

  async write(template: ComposedMessage, o: { kind: ProactiveKind; language: 'en' | 'ru'; style: string; name?: string }): Promise<WrittenMessage> {
    if (!this.client) return { ...template, writer: 'template' };
    try {
      const res = await this.client.chat.completions.create({
        model: this.model,
        temperature: 0.4,
        response_format: { type: 'json_schema', json_schema: SCHEMA },
        messages: [
          {
            role: 'system',
            content:
              'You write one short, warm, personal message from a shop assistant to a customer. Rewrite the draft in ' +
              `${o.language === 'ru' ? 'Russian' : 'English'}, at most 2 sentences, same facts only: never add prices, numbers, ` +
              `dates, discounts, links or promises. Customer decision style: ${o.style}. Kind: ${o.kind}. Return JSON {"text": "..."}.`,
          },
          { role: 'user', content: JSON.stringify({ draft: template.text, customer_first_name: o.name ?? '' }) },
        ],
      });
      const raw = res.choices[0]?.message?.content ?? '';
      const text = String((JSON.parse(raw) as { text?: unknown }).text ?? '');
      const rejected = rejectDraft(text, template.text, o.language);
      if (rejected) return { ...template, writer: `template (llm draft rejected: ${rejected})` };
      return { text: text.trim(), quickReplies: template.quickReplies, writer: 'llm' };
    } catch (err) {
      this.logger.warn(`proactive LLM unavailable, template used: ${(err as Error).message}`);
      return { ...template, writer: 'template (llm unavailable)' };
    }
  }
}
