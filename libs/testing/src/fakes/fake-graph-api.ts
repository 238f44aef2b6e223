import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  /** e.g. "/v21.0/1234567890/messages" or "/v21.0/me/messages" */
  path: string;
  authorization: string;
  body: Record<string, unknown>;
}

type Scripted = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * A local stand-in for the Meta Graph API send endpoints (WhatsApp Cloud API `/{phone-number-id}/messages`,
 * Messenger / Instagram `/me/messages`): records every call and answers like Graph, or with scripted errors.
 */
export class FakeGraphApi {
  readonly calls: GraphCall[] = [];
  private readonly script: Scripted[] = [];
  private server: Server | undefined;
  private next = 1;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw || '{}');
        } catch {
          body = {};
        }
        const path = (req.url ?? '').split('?')[0];
        if (req.method !== 'POST' || !/^\/v\d+\.\d+\/[^/]+\/messages$/.test(path)) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } }));
          return;
        }
        this.calls.push({ path, authorization: String(req.headers.authorization ?? ''), body });
        const scripted = this.script.shift();
        if (scripted) {
          res.writeHead(scripted.status, { 'content-type': 'application/json', ...(scripted.headers ?? {}) }).end(JSON.stringify(scripted.body));
          return;
        }
        const n = this.next++;
        const answer = body.messaging_product === 'whatsapp'
          ? { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.FAKE${n}` }] }
          : { recipient_id: (body.recipient as { id?: string } | undefined)?.id ?? '', message_id: `m_FAKE${n}` };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next call is throttled the way Graph does it (HTTP 429, code 130429, Retry-After). */
  failNextWithThrottle(retryAfterSeconds = 1): void {
    this.script.push({
      status: 429,
      headers: { 'retry-after': String(retryAfterSeconds) },
      body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429 } },
    });
  }

  /** The next call gets a scripted Graph error. */
  failNext(status: number, code: number, message: string): void {
    this.script.push({ status, body: { error: { message, type: 'OAuthException', code } } });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** X-Hub-Signature-256 as Meta computes it over the exact bytes it posts. */
export function metaSignature(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** A WhatsApp Cloud API webhook body with one inbound message (as Meta posts it). */
export function whatsappMessageWebhook(o: {
  phoneNumberId: string;
  from: string;
  id: string;
  name?: string;
  message: Record<string, unknown>;
  timestamp?: number;
}) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: o.phoneNumberId },
              contacts: [{ profile: { name: o.name ?? 'Kerry Fisher' }, wa_id: o.from }],
              messages: [{ from: o.from, id: o.id, timestamp: String(o.timestamp ?? Math.floor(Date.now() / 1000)), ...o.message }],
            },
          },
        ],
      },
    ],
  };
}

/** A WhatsApp status callback (sent / delivered / read / failed) for a message we sent. */
export function whatsappStatusWebhook(o: { phoneNumberId: string; id: string; status: string; recipient: string; errors?: { code: number; title: string }[] }) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: o.phoneNumberId },
              statuses: [{ id: o.id, status: o.status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: o.recipient, ...(o.errors ? { errors: o.errors } : {}) }],
            },
          },
        ],
      },
    ],
  };
}

/** A Messenger (object "page") or Instagram (object "instagram") webhook with one message. */
export function messengerMessageWebhook(o: { object: 'page' | 'instagram'; pageId: string; senderId: string; mid: string; text?: string; quickReplyPayload?: string; attachments?: unknown[] }) {
  const now = Date.now();
  return {
    object: o.object,
    entry: [
      {
        id: o.pageId,
        time: now,
        messaging: [
          {
            sender: { id: o.senderId },
            recipient: { id: o.pageId },
            timestamp: now,
            message: {
              mid: o.mid,
              ...(o.text !== undefined ? { text: o.text } : {}),
              ...(o.quickReplyPayload ? { quick_reply: { payload: o.quickReplyPayload } } : {}),
              ...(o.attachments ? { attachments: o.attachments } : {}),
            },
          },
        ],
      },
    ],
  };
}
