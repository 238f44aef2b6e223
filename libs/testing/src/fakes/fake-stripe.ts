import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequestRecord {
  method: string;
  path: string;
  idempotencyKey: string;
  authorization: string;
  params: Record<string, unknown>;
  /** True when the answer was a replay of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  status: number;
}

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';
  client_secret: string;
  metadata: Record<string, string>;
  description: string | null;
  created: number;
  livemode: false;
  last_payment_error: { code: string; message: string; type: string } | null;
  latest_charge: string | null;
  payment_method: string | null;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  attempts: number;
  lastStatus: number;
  delivered: boolean;
}

/** Stripe's bracketed form encoding (a[b]=1&c[]=2) into nested objects. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p, i) => p !== '' || i === 0);
    let node = out as Record<string, unknown>;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      if (last) {
        if (rawKey.endsWith('[]')) ((node[part] as unknown[]) ??= []).push(value);
        else node[part] = value;
      } else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

/** The Stripe-Signature header value Stripe sends: t=<unix>,v1=<HMAC-SHA256(secret, "t.payload")>. */
export function stripeSignatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}`;
}

/**
 * A local stand-in for the Stripe API's PaymentIntents and Refunds endpoints, speaking Stripe's
 * wire format (form-encoded requests, Bearer secret key, Idempotency-Key honoured and replayed,
 * JSON objects and errors shaped like Stripe's). It records every request, and sends signed
 * webhook events (Stripe-Signature) to `webhookUrl`, retrying until the endpoint answers 2xx.
 */
export class FakeStripe {
  readonly requests: StripeRequestRecord[] = [];
  readonly intents = new Map<string, FakePaymentIntent>();
  readonly refunds: { id: string; payment_intent: string; amount: number }[] = [];
  readonly deliveries: WebhookDelivery[] = [];
  readonly webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  readonly secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  webhookUrl = '';
  baseUrl = '';
  /** Answer the next N POSTs to /v1/payment_intents with this status (after doing the work when `afterWork`). */
  private failures: { status: number; afterWork: boolean }[] = [];
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  private server: Server | undefined;
  private pending = new Set<Promise<void>>();
  private stopped = false;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => this.handle(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next `count` PaymentIntent creations fail with `status`; `afterWork` creates the intent first and loses the answer (a timeout after success). */
  failNextCreates(count: number, status = 500, afterWork = false): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, afterWork });
  }

  /** Payment intents created for one order (metadata.order_id). */
  intentsForOrder(orderId: string): FakePaymentIntent[] {
    return [...this.intents.values()].filter((pi) => pi.metadata.order_id === orderId);
  }

  /** Money actually taken: succeeded intents minus nothing (refunds are listed apart). */
  succeededIntents(): FakePaymentIntent[] {
    return [...this.intents.values()].filter((pi) => pi.status === 'succeeded');
  }

  /** What the customer's browser does with Stripe.js: confirm with a card, then Stripe sends the webhook. */
  /** Resolves with the intent, or with Stripe's error body (e.g. a declined card: `{ error: { code: 'card_declined' } }`). */
  async confirm(intentId: string, paymentMethod = 'pm_card_visa'): Promise<FakePaymentIntent & { error?: { code: string; message: string } }> {
    const res = await fetch(`${this.baseUrl}/v1/payment_intents/${intentId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payment_method: paymentMethod }).toString(),
    });
    return (await res.json()) as FakePaymentIntent & { error?: { code: string; message: string } };
  }

  /** Resolves once every webhook sent so far was accepted (or gave up). */
  async webhooksSettled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Sends a signed event now (retried until 2xx, like Stripe). */
  sendEvent(type: string, object: unknown): string {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const payload = JSON.stringify({ id, object: 'event', api_version: '2025-01-27', created: Math.floor(Date.now() / 1000), type, livemode: false, pending_webhooks: 1, data: { object } });
    const delivery: WebhookDelivery = { eventId: id, type, attempts: 0, lastStatus: 0, delivered: false };
    this.deliveries.push(delivery);
    if (!this.webhookUrl) return id;
    const run = (async () => {
      for (let attempt = 0; attempt < 240 && !this.stopped; attempt++) {
        delivery.attempts++;
        try {
          const r = await fetch(this.webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(payload, this.webhookSecret), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
            body: payload,
            signal: AbortSignal.timeout(5000),
          });
          delivery.lastStatus = r.status;
          await r.text();
          if (r.ok) {
            delivery.delivered = true;
            return;
          }
        } catch {
          delivery.lastStatus = 0;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return id;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.webhooksSettled();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: ServerResponse, status: number, body: unknown, replayed = false): void {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': `req_${randomBytes(8).toString('hex')}` };
    if (replayed) headers['idempotent-replayed'] = 'true';
    res.writeHead(status, headers).end(JSON.stringify(body));
  }

  private error(status: number, type: string, message: string, code?: string) {
    return { status, body: { error: { type, message, ...(code ? { code } : {}) } } };
  }

  private handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    const method = req.method ?? 'GET';
    const params = method === 'GET' ? Object.fromEntries(new URL(req.url ?? '', 'http://x').searchParams) : parseStripeForm(raw);
    const idempotencyKey = String(req.headers['idempotency-key'] ?? '');
    const authorization = String(req.headers.authorization ?? '');
    const record: StripeRequestRecord = { method, path, idempotencyKey, authorization, params, replayed: false, status: 0 };
    this.requests.push(record);
    const reply = (status: number, body: unknown, replayed = false) => {
      record.status = status;
      record.replayed = replayed;
      this.send(res, status, body, replayed);
    };
    if (authorization !== `Bearer ${this.secretKey}`) {
      const e = this.error(401, 'invalid_request_error', 'Invalid API Key provided');
      return reply(e.status, e.body);
    }
    if (method === 'POST' && idempotencyKey) {
      const fingerprint = `${path}|${raw}`;
      const prior = this.idempotent.get(idempotencyKey);
      if (prior) {
        if (prior.fingerprint !== fingerprint) {
          const e = this.error(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`);
          return reply(e.status, e.body);
        }
        return reply(prior.status, prior.body, true);
      }
      const failure = path === '/v1/payment_intents' ? this.failures.shift() : undefined;
      if (failure && !failure.afterWork) {
        const e = this.error(failure.status, 'api_error', 'An unknown error occurred (injected by the fake)');
        return reply(e.status, e.body);
      }
      const result = this.route(method, path, params);
      // Stripe stores the result of a key except for 5xx-before-work; a lost answer after work replays later.
      if (result.status < 500) this.idempotent.set(idempotencyKey, { fingerprint, status: result.status, body: result.body });
      if (failure?.afterWork) {
        const e = this.error(failure.status, 'api_error', 'An unknown error occurred (injected after the work was done)');
        return reply(e.status, e.body);
      }
      return reply(result.status, result.body);
    }
    const result = this.route(method, path, params);
    return reply(result.status, result.body);
  }

  private route(method: string, path: string, p: Record<string, unknown>): { status: number; body: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') return this.createIntent(p);
    if ((m = /^\/v1\/payment_intents\/(pi_\w+)$/.exec(path)) && method === 'GET') {
      const pi = this.intents.get(m[1]);
      return pi ? { status: 200, body: pi } : this.error(404, 'invalid_request_error', `No such payment_intent: '${m[1]}'`, 'resource_missing');
    }
    if ((m = /^\/v1\/payment_intents\/(pi_\w+)\/confirm$/.exec(path)) && method === 'POST') return this.confirmIntent(m[1], String(p.payment_method ?? 'pm_card_visa'));
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(p);
    return this.error(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  private createIntent(p: Record<string, unknown>): { status: number; body: unknown } {
    const amount = Number(p.amount);
    if (!Number.isInteger(amount) || amount < 1) return this.error(400, 'invalid_request_error', 'Invalid positive integer', 'parameter_invalid_integer');
    if (typeof p.currency !== 'string' || !/^[a-z]{3}$/.test(p.currency)) return this.error(400, 'invalid_request_error', 'Invalid currency', 'parameter_invalid_string');
    const id = `pi_${randomBytes(12).toString('hex')}`;
    const pi: FakePaymentIntent = {
      id, object: 'payment_intent', amount, amount_received: 0, currency: p.currency, status: 'requires_payment_method',
      client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`, metadata: (p.metadata as Record<string, string>) ?? {},
      description: (p.description as string) ?? null, created: Math.floor(Date.now() / 1000), livemode: false, last_payment_error: null, latest_charge: null, payment_method: null,
    };
    this.intents.set(id, pi);
    return { status: 200, body: pi };
  }

  private confirmIntent(id: string, paymentMethod: string): { status: number; body: unknown } {
    const pi = this.intents.get(id);
    if (!pi) return this.error(404, 'invalid_request_error', `No such payment_intent: '${id}'`, 'resource_missing');
    if (pi.status === 'succeeded' || pi.status === 'canceled')
      return this.error(400, 'invalid_request_error', `This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`, 'payment_intent_unexpected_state');
    pi.payment_method = paymentMethod;
    if (/declin|fail/i.test(paymentMethod)) {
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { code: 'card_declined', message: 'Your card was declined.', type: 'card_error' };
      this.sendEvent('payment_intent.payment_failed', { ...pi });
      return { status: 402, body: { error: { ...pi.last_payment_error, payment_intent: pi } } };
    }
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    pi.last_payment_error = null;
    pi.latest_charge = `ch_${randomBytes(12).toString('hex')}`;
    this.sendEvent('payment_intent.succeeded', { ...pi });
    return { status: 200, body: pi };
  }

  private createRefund(p: Record<string, unknown>): { status: number; body: unknown } {
    const pi = this.intents.get(String(p.payment_intent ?? ''));
    if (!pi) return this.error(404, 'invalid_request_error', `No such payment_intent: '${String(p.payment_intent)}'`, 'resource_missing');
    if (pi.status !== 'succeeded') return this.error(400, 'invalid_request_error', 'This PaymentIntent does not have a successful charge to refund.', 'charge_not_refundable');
    const refunded = this.refunds.filter((r) => r.payment_intent === pi.id).reduce((s, r) => s + r.amount, 0);
    const amount = p.amount ? Number(p.amount) : pi.amount - refunded;
    if (amount <= 0 || refunded + amount > pi.amount) return this.error(400, 'invalid_request_error', 'Charge has already been refunded.', 'charge_already_refunded');
    const refund = { id: `re_${randomBytes(12).toString('hex')}`, object: 'refund', payment_intent: pi.id, amount, currency: pi.currency, status: 'succeeded', metadata: p.metadata ?? {} };
    this.refunds.push({ id: refund.id, payment_intent: pi.id, amount });
    return { status: 200, body: refund };
  }
}
