import { createServer, Server } from 'node:http';
import pino from 'pino';
import type { InsightsEnv } from '../../config/insights.env';
import { classifyMessage } from '../domain/message-classifier';
import { LlmRefiner } from './llm-refiner';

/** A local server speaking the OpenAI chat-completions wire format, recording what it is asked. */
function fakeOpenAi(content: string | (() => never)): Promise<{ server: Server; url: string; requests: Record<string, unknown>[] }> {
  const requests: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(JSON.parse(body));
      if (typeof content !== 'string') return res.writeHead(500).end('{"error":{"message":"boom"}}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] }),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`, requests })));
}

const config = (url: string) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: url, LLM_MODEL: 'test-model', INSIGHTS_LLM_TIMEOUT_MS: 2000 }) as InsightsEnv;

describe('LlmRefiner', () => {
  it('asks for JSON-schema structured output and keeps only known barriers with matching subjects', async () => {
    const fake = await fakeOpenAi(JSON.stringify({ barriers: ['ui_friction', 'made_up'], subjects: ['ui_friction:promo_code', 'made_up:x'], topics: ['promo'], key_phrases: ['promo code field'] }));
    try {
      const text = 'the discount thing at checkout is nowhere to be seen';
      const refined = await new LlmRefiner(config(fake.url), pino({ level: 'silent' })).refine(text, classifyMessage(text));
      expect(refined).toMatchObject({ barriers: ['ui_friction'], subjects: ['ui_friction:promo_code'] });
      expect(refined!.keyPhrases).toContain('promo code field');
      expect(fake.requests[0]).toMatchObject({ model: 'test-model', response_format: { type: 'json_schema' } });
    } finally {
      fake.server.close();
    }
  });

  it('keeps the rules when the model fails, and is off without a key', async () => {
    const fake = await fakeOpenAi(() => { throw new Error('x'); });
    try {
      expect(await new LlmRefiner(config(fake.url), pino({ level: 'silent' })).refine('hi', classifyMessage('hi'))).toBeUndefined();
    } finally {
      fake.server.close();
    }
    const off = new LlmRefiner({ LLM_MODEL: 'm' } as InsightsEnv, pino({ level: 'silent' }));
    expect(off.enabled).toBe(false);
  });
});
