import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
}

type Scripted = { status: number; body: unknown };

/**
 * A local stand-in for the Telegram Bot API (https://api.telegram.org/bot<token>/<method>):
 * records every call and answers like Telegram, or with scripted failures first.
 */
export class FakeTelegramApi {
  readonly calls: TelegramCall[] = [];
  private readonly script: Scripted[] = [];
  private server: Server | undefined;
  private nextMessageId = 1;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readJson(req).then((body) => {
        const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
        if (!match) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
          return;
        }
        this.calls.push({ token: match[1], method: match[2], body });
        const scripted = this.script.shift();
        const reply = scripted ?? {
          status: 200,
          body: { ok: true, result: { message_id: this.nextMessageId++, chat: { id: body.chat_id }, text: body.text } },
        };
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next call gets HTTP 429 with retry_after, as Telegram's flood control does. */
  failNextWithTooManyRequests(retryAfterSeconds: number): void {
    this.script.push({
      status: 429,
      body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfterSeconds}`, parameters: { retry_after: retryAfterSeconds } },
    });
  }

  sent(method = 'sendMessage'): TelegramCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

/** A Telegram Bot API Update with a text message, as Telegram POSTs it to a webhook. */
export function telegramTextUpdate(updateId: number, userId: number, text: string, firstName = 'Anna') {
  return {
    update_id: updateId,
    message: {
      message_id: updateId * 10,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: firstName },
      from: { id: userId, is_bot: false, first_name: firstName, language_code: 'en' },
      text,
    },
  };
}
