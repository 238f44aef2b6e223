import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the fake model: tool calls, a final content (string or JSON object), or an HTTP error. */
export type FakeOpenAiStep =
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[]; usage?: { prompt: number; completion: number } }
  | { content: string | Record<string, unknown>; usage?: { prompt: number; completion: number } }
  | { status: number; error?: string };

export interface RecordedChatRequest {
  path: string;
  authorization: string;
  body: {
    model: string;
    messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
    tools?: { type: string; function: { name: string; parameters: unknown } }[];
    response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
    [k: string]: unknown;
  };
}

/**
 * A local OpenAI-compatible server speaking the chat-completions wire format (tool_calls,
 * response_format json_schema, usage), scripted per test and recording every request.
 * Point the `openai` package at `baseUrl`.
 */
export class FakeOpenAiServer {
  readonly requests: RecordedChatRequest[] = [];
  private script: FakeOpenAiStep[] = [];
  private fallback: FakeOpenAiStep | ((req: RecordedChatRequest) => FakeOpenAiStep) = { content: { reply: 'ok' } };
  private server?: Server;
  private seq = 0;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    // Keep-alive sockets of the openai client would hold close() open.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answers for the next requests, in order. */
  enqueue(...steps: FakeOpenAiStep[]): this {
    this.script.push(...steps);
    return this;
  }

  /** The answer once the script is used up (a step, or a function of the request). */
  otherwise(step: FakeOpenAiStep | ((req: RecordedChatRequest) => FakeOpenAiStep)): this {
    this.fallback = step;
    return this;
  }

  reset(): this {
    this.script = [];
    this.requests.length = 0;
    return this;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${++this.seq}` });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions'))
        return send(404, { error: { message: `unknown route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      let body: RecordedChatRequest['body'];
      try {
        body = JSON.parse(raw);
      } catch {
        return send(400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
      }
      if (!body.model || !Array.isArray(body.messages))
        return send(400, { error: { message: "'model' and 'messages' are required", type: 'invalid_request_error' } });
      const recorded: RecordedChatRequest = { path: req.url, authorization: String(req.headers.authorization ?? ''), body };
      this.requests.push(recorded);
      const next = this.script.shift() ?? (typeof this.fallback === 'function' ? this.fallback(recorded) : this.fallback);
      if ('status' in next) return send(next.status, { error: { message: next.error ?? 'fake failure', type: 'server_error', code: null } });
      const usage = next.usage ?? { prompt: 100, completion: 20 };
      const id = `chatcmpl-${this.seq}`;
      const message =
        'toolCalls' in next
          ? {
              role: 'assistant',
              content: null,
              tool_calls: next.toolCalls.map((c, i) => ({ id: `call_${this.seq}_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
            }
          : { role: 'assistant', content: typeof next.content === 'string' ? next.content : JSON.stringify(next.content), refusal: null };
      send(200, {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: 'toolCalls' in next ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
      });
    });
  }
}
