import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { openAiTools, toolsFor } from '../tools/tool-definitions';
import type { ToolBox } from '../tools/tool-box';
import { CircuitBreaker } from './circuit-breaker';

export interface LlmConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
  visionModel?: string;
  timeoutMs: number;
  maxRetries: number;
  maxToolIterations: number;
  breakerFailures: number;
  breakerOpenMs: number;
  priceInputPerMTok: number;
  priceOutputPerMTok: number;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  calls: number;
}

export interface LlmTurnInput {
  system: string;
  history: { role: 'user' | 'assistant'; content: string }[];
  text: string;
  imageUrls: string[];
}

export interface LlmReply {
  reply: string;
  quickReplies: { label: string; payload: string }[];
  intent: string;
  handoff: boolean;
  affect?: { frustration: number; urgency: number; sentiment: number; confidence: number; reason: string };
  usage: LlmUsage;
  iterations: number;
  model: string;
}

/** Structured final answer: the reply plus the model's own affect judgement (combined with the rule scorer, never trusted alone). */
export const REPLY_SCHEMA = {
  name: 'agent_reply',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['reply', 'quick_replies', 'intent', 'handoff', 'frustration', 'urgency', 'sentiment', 'confidence', 'reason'],
    properties: {
      reply: { type: 'string' },
      quick_replies: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['label', 'payload'], properties: { label: { type: 'string' }, payload: { type: 'string' } } },
      },
      intent: { type: 'string' },
      handoff: { type: 'boolean' },
      frustration: { type: 'number' },
      urgency: { type: 'number' },
      sentiment: { type: 'number' },
      confidence: { type: 'number' },
      reason: { type: 'string' },
    },
  },
} as const;

export class LlmUnavailable extends Error {}

/** The tool loop through the `openai` package against any OpenAI-compatible endpoint, behind a circuit breaker. */
export class LlmAgent {
  private readonly client: OpenAI;
  readonly breaker: CircuitBreaker;

  constructor(readonly config: LlmConfig) {
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseURL || undefined,
      timeout: config.timeoutMs,
      // The SDK retries 408/409/429/5xx and connection errors with exponential backoff and jitter.
      maxRetries: config.maxRetries,
    });
    this.breaker = new CircuitBreaker(config.breakerFailures, config.breakerOpenMs);
  }

  available(): boolean {
    return this.breaker.allow();
  }

  cost(promptTokens: number, completionTokens: number): number {
    return Math.round(promptTokens * this.config.priceInputPerMTok + completionTokens * this.config.priceOutputPerMTok);
  }

  /** One customer turn: the model may call tools up to the cap; the final message is JSON per REPLY_SCHEMA. */
  async runTurn(input: LlmTurnInput, tools: ToolBox): Promise<LlmReply> {
    const usage: LlmUsage = { promptTokens: 0, completionTokens: 0, costMicros: 0, calls: 0 };
    const vision = input.imageUrls.length > 0 && !!this.config.visionModel;
    const model = vision ? this.config.visionModel! : this.config.model;
    const userContent: OpenAI.Chat.Completions.ChatCompletionContentPart[] = [{ type: 'text', text: input.text || '(image)' }];
    if (vision) input.imageUrls.forEach((url) => userContent.push({ type: 'image_url', image_url: { url } }));
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: input.system },
      ...input.history.map((h) => ({ role: h.role, content: h.content }) as ChatCompletionMessageParam),
      { role: 'user', content: vision ? userContent : userContent.map((p) => (p as { text: string }).text).join('') },
    ];
    const specs = toolsFor(tools.scope);
    try {
      for (let iteration = 1; ; iteration++) {
        const allowTools = iteration <= this.config.maxToolIterations;
        const res = await this.client.chat.completions.create({
          model,
          messages,
          ...(allowTools ? { tools: openAiTools(specs), tool_choice: 'auto' as const } : {}),
          response_format: { type: 'json_schema', json_schema: REPLY_SCHEMA as never },
          temperature: 0.3,
        });
        usage.calls++;
        usage.promptTokens += res.usage?.prompt_tokens ?? 0;
        usage.completionTokens += res.usage?.completion_tokens ?? 0;
        usage.costMicros = this.cost(usage.promptTokens, usage.completionTokens);
        const msg = res.choices[0]?.message;
        if (!msg) throw new LlmUnavailable('the model returned no choice');
        const calls = (msg.tool_calls ?? []).filter((c) => c.type === 'function');
        if (calls.length && allowTools) {
          messages.push({ role: 'assistant', content: msg.content ?? null, tool_calls: calls });
          for (const call of calls) {
            let args: Record<string, unknown> = {};
            try {
              args = JSON.parse(call.function.arguments || '{}');
            } catch {
              args = {};
            }
            const result = await tools.call(call.function.name, args);
            messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result).slice(0, 6000) });
          }
          continue;
        }
        const parsed = parseReply(msg.content ?? '');
        this.breaker.success();
        return { ...parsed, usage, iterations: iteration, model };
      }
    } catch (err) {
      this.breaker.failure();
      const e = new LlmUnavailable(`LLM call failed: ${(err as Error).message}`);
      (e as LlmUnavailable & { usage?: LlmUsage }).usage = usage;
      throw e;
    }
  }
}

function parseReply(content: string): Omit<LlmReply, 'usage' | 'iterations' | 'model'> {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(content);
  } catch {
    // A model that ignored the schema still gave a reply: use the text.
    return { reply: content.trim(), quickReplies: [], intent: 'question', handoff: false };
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return {
    reply: String(j.reply ?? '').trim(),
    quickReplies: Array.isArray(j.quick_replies)
      ? (j.quick_replies as Record<string, unknown>[]).slice(0, 6).map((q) => ({ label: String(q.label ?? '').slice(0, 60), payload: String(q.payload ?? '').slice(0, 200) }))
      : [],
    intent: String(j.intent ?? 'question').slice(0, 40),
    handoff: j.handoff === true,
    affect:
      num(j.frustration) !== undefined
        ? { frustration: num(j.frustration)!, urgency: num(j.urgency) ?? 0, sentiment: num(j.sentiment) ?? 0, confidence: num(j.confidence) ?? 0.5, reason: String(j.reason ?? '').slice(0, 200) }
        : undefined,
  };
}
