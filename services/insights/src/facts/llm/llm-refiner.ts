import { Inject, Injectable } from '@nestjs/common';
import OpenAI from 'openai';
import type { Logger } from 'pino';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import type { InsightsEnv } from '../../config/insights.env';
import { BARRIERS, Barrier, Classification } from '../domain/message-classifier';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['barriers', 'subjects', 'topics', 'key_phrases'],
  properties: {
    barriers: { type: 'array', items: { type: 'string', enum: [...BARRIERS] } },
    subjects: { type: 'array', items: { type: 'string' }, description: '"<barrier>:<thing>" in snake_case English, e.g. "ui_friction:promo_code"' },
    topics: { type: 'array', items: { type: 'string' } },
    key_phrases: { type: 'array', items: { type: 'string' } },
  },
};

/**
 * Asks the configured OpenAI-compatible model to correct the rules' reading (structured output).
 * Off without OPENAI_API_KEY; any failure or timeout keeps the rules' answer.
 */
@Injectable()
export class LlmRefiner {
  private readonly client: OpenAI | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: InsightsEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    if (config.OPENAI_API_KEY) this.client = new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeout: config.INSIGHTS_LLM_TIMEOUT_MS, maxRetries: 0 });
  }

  get enabled(): boolean {
    return !!this.client;
  }

  async refine(text: string, rules: Classification): Promise<Classification | undefined> {
    if (!this.client) return undefined;
    try {
      const res = await this.client.chat.completions.create({
        model: this.config.LLM_MODEL,
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'message_facts', strict: true, schema } },
        messages: [
          {
            role: 'system',
            content:
              'You label one customer message of an online shop (English or Russian). Return purchase barriers from the enum, ' +
              'subjects as "<barrier>:<thing>" (snake_case English; the same problem must get the same subject whatever the wording), ' +
              'topics and short English key phrases. A first reading by rules is given; correct it.',
          },
          { role: 'user', content: JSON.stringify({ message: text, rules: { barriers: rules.barriers, subjects: rules.subjects, topics: rules.topics } }) },
        ],
      });
      const parsed = JSON.parse(res.choices[0]?.message?.content ?? '{}') as { barriers?: string[]; subjects?: string[]; topics?: string[]; key_phrases?: string[] };
      const barriers = (parsed.barriers ?? []).filter((b): b is Barrier => (BARRIERS as readonly string[]).includes(b));
      const clean = (xs: string[] | undefined, n: number) => (xs ?? []).map((x) => String(x).trim().toLowerCase().slice(0, 80)).filter(Boolean).slice(0, n);
      return {
        ...rules,
        barriers,
        subjects: clean(parsed.subjects, 6).filter((s) => barriers.some((b) => s.startsWith(`${b}:`))),
        topics: [...new Set([...clean(parsed.topics, 6), ...rules.topics.filter((t) => !(BARRIERS as readonly string[]).includes(t))])],
        keyPhrases: [...new Set([...clean(parsed.key_phrases, 6), ...rules.keyPhrases])].slice(0, 8),
      };
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'LLM refinement failed; keeping the rule-based reading');
      return undefined;
    }
  }
}
