import { createHmac, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { simpleParser } from 'mailparser';
import * as iconv from 'iconv-lite';
import type { Consumer } from 'kafkajs';
import { CommonV1, dlqTopic, Events, IngressV1, ServiceProtos, Topics } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import {
  eventually,
  FakeGraphApi,
  FakeSmtpServer,
  FakeTelegramApi,
  messengerMessageWebhook,
  metaSignature,
  spawnService,
  SpawnedService,
  SseReader,
  startTestService,
  TestEventPublisher,
  testKafka,
  TestService,
  testTopicPrefix,
  whatsappMessageWebhook,
  whatsappStatusWebhook,
} from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const Kind = CommonV1.ChannelKind;
const TENANT = 'acme';
const APP_SECRET = 'meta-app-secret';
const EMAIL_SECRET = 'email-hmac-secret';
const MAILGUN_KEY = 'mailgun-signing-key';
const VOICE_SECRET = 'voice-secret';
const API_KEY = 'api-key-0123456789';
const CALLBACK_SECRET = 'callback-secret';

interface Collected {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

/** One consumer for the run: every record of the topics we assert on. */
class Collector {
  readonly records: Collected[] = [];
  private consumer: Consumer | undefined;

  async start(topics: string[]) {
    this.consumer = testKafka('collector').consumer({ groupId: `collector-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        let value: Record<string, unknown> = {};
        try {
          value = JSON.parse(message.value?.toString() ?? '{}');
        } catch {
          value = {};
        }
        this.records.push({
          topic,
          key: message.key?.toString() ?? '',
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          value,
        });
      },
    });
  }

  on(topic: string) {
    return this.records.filter((r) => r.topic === topic);
  }

  async stop() {
    await this.consumer?.disconnect();
  }
}

type Msg = {
  messageId: string;
  customerId: string;
  channelId: string;
  externalMessageId: string;
  externalUserId: string;
  text: string;
  [k: string]: unknown;
};

const sign = (secret: string, body: string, ts = Math.floor(Date.now() / 1000)) => ({
  'x-concierge-timestamp': String(ts),
  'x-concierge-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`,
});

describe('channel-ingress channels (real Postgres, Kafka, gRPC, HTTP; local Telegram, Graph, SMTP)', () => {
  let identity: SpawnedService;
  let ingress: TestService;
  let admin: UnaryClient<IngressV1.IngressServiceClient>;
  let telegram: FakeTelegramApi;
  let graph: FakeGraphApi;
  let smtp: FakeSmtpServer;
  let callbacks: { headers: Record<string, string | string[] | undefined>; body: string }[];
  let callbackServer: Server;
  let prefix: string;
  let events: TestEventPublisher;
  const collector = new Collector();

  const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${ingress.httpUrl}${path}`, { method: 'POST', headers, body });
  const metaPost = (provider: string, channel: string, body: unknown, signature?: string) => {
    const raw = JSON.stringify(body);
    return post(`/v1/webhooks/${provider}/${channel}`, raw, {
      'content-type': 'application/json',
      ...(signature === undefined ? { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) } : signature ? { 'x-hub-signature-256': signature } : {}),
    });
  };
  const received = () => collector.on(prefix + Topics.ingressMessageReceived).map((r) => r.value.message as Msg);
  const receivedFor = async (externalMessageId: string) => {
    await eventually(() => received().some((m) => m.externalMessageId === externalMessageId), `message-received for ${externalMessageId}`, 30_000);
    return received().find((m) => m.externalMessageId === externalMessageId)!;
  };
  const updates = () => collector.on(prefix + Topics.ingressDeliveryUpdated).map((r) => r.value as Record<string, unknown>);
  const reply = async (inbound: { customerId: string; messageId?: string }, extra: Record<string, unknown> = {}) => {
    const replyId = randomUUID();
    const payload = Events.replyReady.codec.fromJSON({
      replyId,
      tenantId: TENANT,
      customerId: inbound.customerId,
      conversationId: randomUUID(),
      inReplyToMessageId: inbound.messageId ?? '',
      text: 'Thanks, we are on it.',
      createdAt: new Date().toISOString(),
      ...extra,
    });
    await events.publish(Events.replyReady, payload, { key: inbound.customerId, tenantId: TENANT, eventId: replyId });
    return replyId;
  };
  const sql = async (query: string, params: unknown[] = []) => {
    const c = new Client({ connectionString: ingress.env.DATABASE_URL });
    await c.connect();
    try {
      return (await c.query(query, params)).rows;
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    prefix = testTopicPrefix('channels');
    [telegram, graph, smtp] = await Promise.all([new FakeTelegramApi().start(), new FakeGraphApi().start(), new FakeSmtpServer().start()]);
    callbacks = [];
    callbackServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        callbacks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => callbackServer.listen(0, '127.0.0.1', r));
    identity = await spawnService('identity-graph', { KAFKA_TOPIC_PREFIX: prefix });
    ingress = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix,
      IDENTITY_GRPC_ADDR: identity.grpcAddress,
      TELEGRAM_API_BASE_URL: telegram.baseUrl,
      GRAPH_API_BASE_URL: graph.baseUrl,
      OUTBOUND_BACKOFF_BASE_MS: '100',
      RATE_LIMIT_SENDER_PER_MINUTE: '60',
      RATE_LIMIT_SENDER_BURST: '6',
      PUBLIC_BASE_URL: 'http://ingress.test',
    });
    admin = ingress.client<IngressV1.IngressServiceClient>(ServiceProtos.ingress);
    const create = (channelId: string, kind: CommonV1.ChannelKind, settings: Record<string, string>, secrets: Record<string, string>) =>
      admin.createChannel({ tenantId: TENANT, channelId, kind, name: channelId, settings, secrets });
    const meta = { app_secret: APP_SECRET, verify_token: 'verify-me', access_token: 'graph-token' };
    await create('acme-whatsapp', Kind.CHANNEL_KIND_WHATSAPP, { phone_number_id: '1098765' }, meta);
    await create('acme-messenger', Kind.CHANNEL_KIND_MESSENGER, { page_id: 'page-1' }, meta);
    await create('acme-instagram', Kind.CHANNEL_KIND_INSTAGRAM, {}, meta);
    await create('acme-email', Kind.CHANNEL_KIND_EMAIL, { smtp_host: '127.0.0.1', smtp_port: String(smtp.port), smtp_ignore_tls: 'true', from_address: 'help@acme.test', from_name: 'Acme Help' }, { webhook_secret: EMAIL_SECRET, mailgun_signing_key: MAILGUN_KEY, smtp_user: 'acme', smtp_password: 'pw' });
    await create('acme-voice', Kind.CHANNEL_KIND_VOICE, {}, { webhook_secret: VOICE_SECRET });
    await create('acme-api', Kind.CHANNEL_KIND_API, { callback_url: `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/replies` }, { api_key: API_KEY, callback_secret: CALLBACK_SECRET });
    await create('acme-api-poll', Kind.CHANNEL_KIND_API, {}, { api_key: API_KEY });
    await create('acme-telegram', Kind.CHANNEL_KIND_TELEGRAM, {}, { webhook_secret: 'tg-secret', bot_token: '42:TOKEN' });
    await create('acme-widget', Kind.CHANNEL_KIND_WIDGET, {}, { identify_secret: 'identify-secret' });
    events = new TestEventPublisher(prefix);
    await collector.start([prefix + Topics.ingressMessageReceived, prefix + Topics.ingressDeliveryUpdated, dlqTopic(prefix + Topics.dialogueReplyReady)]);
  }, 180_000);

  afterAll(async () => {
    await collector.stop();
    await events?.close();
    await ingress?.close();
    await identity?.stop();
    await Promise.all([telegram?.stop(), graph?.stop(), smtp?.stop()]);
    await new Promise((r) => callbackServer?.close(r));
  });

  describe('WhatsApp Cloud API', () => {
    it('answers the subscription check only with the right verify token', async () => {
      const ok = await fetch(`${ingress.httpUrl}/v1/webhooks/whatsapp/acme-whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('1158201444');
      const wrong = await fetch(`${ingress.httpUrl}/v1/webhooks/whatsapp/acme-whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
      expect(wrong.status).toBe(403);
    });

    it('stores a signed message once, refuses forged and unsigned bodies, and answers with reply buttons', async () => {
      const body = whatsappMessageWebhook({ phoneNumberId: '1098765', from: '16315551181', id: 'wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', name: 'Kerry Fisher', message: { type: 'text', text: { body: 'Is my order shipped?' } } });
      const forged = await metaPost('whatsapp', 'acme-whatsapp', body, metaSignature(JSON.stringify(body), 'not-the-secret'));
      expect(forged.status).toBe(403);
      expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
      const unsigned = await metaPost('whatsapp', 'acme-whatsapp', body, '');
      expect(unsigned.status).toBe(401);
      const first = await metaPost('whatsapp', 'acme-whatsapp', body);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ stored: 1, duplicates: 0 });
      const again = await metaPost('whatsapp', 'acme-whatsapp', body);
      expect(await again.json()).toMatchObject({ stored: 0, duplicates: 1 });

      const inbound = await receivedFor(body.entry[0].changes[0].value.messages[0].id);
      expect(inbound).toMatchObject({ channelKind: 'CHANNEL_KIND_WHATSAPP', externalUserId: '16315551181', text: 'Is my order shipped?', identityHints: ['phone:+16315551181'] });
      await new Promise((r) => setTimeout(r, 500));
      expect(received().filter((m) => m.externalMessageId === inbound.externalMessageId)).toHaveLength(1);

      await reply(inbound, { text: 'It left the warehouse. Track it?', quickReplies: [{ label: 'Yes', payload: 'track:yes' }, { label: 'No', payload: 'track:no' }] });
      await eventually(() => graph.calls.length >= 1, 'WhatsApp send');
      const call = graph.calls[0];
      expect(call.path).toBe('/v21.0/1098765/messages');
      expect(call.authorization).toBe('Bearer graph-token');
      expect(call.body).toMatchObject({
        messaging_product: 'whatsapp',
        to: '16315551181',
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'It left the warehouse. Track it?' }, action: { buttons: [{ type: 'reply', reply: { id: 'track:yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'track:no', title: 'No' } }] } },
      });
      await eventually(() => updates().some((u) => u.externalId === 'wamid.FAKE1' && u.status === 'DELIVERY_STATUS_SENT'), 'SENT published');

      // Status callbacks move the delivery forward and are published once each.
      const status = (s: string) => whatsappStatusWebhook({ phoneNumberId: '1098765', id: 'wamid.FAKE1', status: s, recipient: '16315551181' });
      expect(await (await metaPost('whatsapp', 'acme-whatsapp', status('delivered'))).json()).toMatchObject({ statuses: 1 });
      expect(await (await metaPost('whatsapp', 'acme-whatsapp', status('delivered'))).json()).toMatchObject({ statuses: 0 });
      expect(await (await metaPost('whatsapp', 'acme-whatsapp', status('read'))).json()).toMatchObject({ statuses: 1 });
      expect(await (await metaPost('whatsapp', 'acme-whatsapp', status('delivered'))).json()).toMatchObject({ statuses: 0 });
      await eventually(() => updates().some((u) => u.externalId === 'wamid.FAKE1' && u.status === 'DELIVERY_STATUS_READ'), 'READ published');
      expect(updates().filter((u) => u.externalId === 'wamid.FAKE1').map((u) => u.status)).toEqual(['DELIVERY_STATUS_SENT', 'DELIVERY_STATUS_DELIVERED', 'DELIVERY_STATUS_READ']);
    });

    it('reads image and interactive button replies', async () => {
      const image = whatsappMessageWebhook({ phoneNumberId: '1098765', from: '16315550002', id: 'wamid.IMG1', message: { type: 'image', image: { caption: 'the box was crushed', mime_type: 'image/jpeg', sha256: 'abc', id: '1479537139650973' } } });
      const button = whatsappMessageWebhook({ phoneNumberId: '1098765', from: '16315550002', id: 'wamid.BTN1', message: { type: 'interactive', context: { from: '15550783881', id: 'wamid.FAKE1' }, interactive: { type: 'button_reply', button_reply: { id: 'refund', title: 'Refund' } } } });
      expect((await metaPost('whatsapp', 'acme-whatsapp', image)).status).toBe(200);
      expect((await metaPost('whatsapp', 'acme-whatsapp', button)).status).toBe(200);
      expect(await receivedFor('wamid.IMG1')).toMatchObject({ text: 'the box was crushed', attachments: [{ kind: 'image', mimeType: 'image/jpeg', externalId: '1479537139650973' }] });
      expect(await receivedFor('wamid.BTN1')).toMatchObject({ text: 'Refund', buttonPayload: 'refund', replyToExternalId: 'wamid.FAKE1' });
    });

    it('outside the 24-hour window refuses free text with a clear FAILED status, and sends an approved template when given one', async () => {
      const body = whatsappMessageWebhook({ phoneNumberId: '1098765', from: '16315550003', id: 'wamid.OLD1', message: { type: 'text', text: { body: 'hello' } } });
      await metaPost('whatsapp', 'acme-whatsapp', body);
      const inbound = await receivedFor('wamid.OLD1');
      await sql(`UPDATE inbound_messages SET received_at = now() - interval '25 hours' WHERE external_message_id = $1`, ['wamid.OLD1']);
      const before = graph.calls.length;
      const replyId = await reply(inbound, { text: 'Your coffee runs out on Monday' });
      await eventually(() => updates().some((u) => u.replyId === replyId), 'FAILED published');
      const failed = updates().find((u) => u.replyId === replyId)!;
      expect(failed).toMatchObject({ status: 'DELIVERY_STATUS_FAILED', error: expect.stringMatching(/^WINDOW_CLOSED: .*template/) });
      expect(graph.calls.length).toBe(before);

      const sent = await admin.sendMessage({ tenantId: TENANT, customerId: inbound.customerId, channelId: 'acme-whatsapp', text: 'Monday', quickReplies: [], idempotencyKey: `reorder-${randomUUID()}`, attachments: [], templateName: 'reorder_reminder', templateLanguage: 'en_US' });
      expect(sent.channelId).toBe('acme-whatsapp');
      await eventually(() => graph.calls.length === before + 1, 'template sent');
      expect(graph.calls.at(-1)!.body).toMatchObject({ type: 'template', to: '16315550003', template: { name: 'reorder_reminder', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Monday' }] }] } });
    });

    it('retries a throttled send after Graph Retry-After', async () => {
      const body = whatsappMessageWebhook({ phoneNumberId: '1098765', from: '16315550004', id: 'wamid.THR1', message: { type: 'text', text: { body: 'hi' } } });
      await metaPost('whatsapp', 'acme-whatsapp', body);
      const inbound = await receivedFor('wamid.THR1');
      graph.failNextWithThrottle(1);
      const before = graph.calls.length;
      const replyId = await reply(inbound, { text: 'Hello!' });
      await eventually(() => updates().some((u) => u.replyId === replyId), 'sent after throttle', 30_000);
      expect(updates().find((u) => u.replyId === replyId)).toMatchObject({ status: 'DELIVERY_STATUS_SENT', attempts: 2 });
      expect(graph.calls.length).toBe(before + 2);
    });
  });

  describe('Messenger and Instagram', () => {
    it('take Meta messaging events with quick-reply payloads and answer through /me/messages', async () => {
      const fb = messengerMessageWebhook({ object: 'page', pageId: 'page-1', senderId: 'psid-100', mid: 'm_fb_1', text: 'Yes please', quickReplyPayload: 'confirm:q-9' });
      const ig = messengerMessageWebhook({ object: 'instagram', pageId: 'ig-1', senderId: 'igsid-200', mid: 'm_ig_1', attachments: [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig/photo.jpg' } }] });
      expect((await metaPost('messenger', 'acme-messenger', fb)).status).toBe(200);
      expect((await metaPost('instagram', 'acme-instagram', ig, metaSignature(JSON.stringify(ig), 'forged'))).status).toBe(403);
      expect((await metaPost('instagram', 'acme-instagram', ig)).status).toBe(200);
      const m = await receivedFor('m_fb_1');
      expect(m).toMatchObject({ channelKind: 'CHANNEL_KIND_MESSENGER', externalUserId: 'psid-100', buttonPayload: 'confirm:q-9' });
      expect(await receivedFor('m_ig_1')).toMatchObject({ channelKind: 'CHANNEL_KIND_INSTAGRAM', attachments: [{ kind: 'image', url: 'https://lookaside.fbsbx.com/ig/photo.jpg' }] });
      const before = graph.calls.length;
      await reply(m, { text: 'Order placed.', quickReplies: [{ label: 'Track', payload: 'track' }] });
      await eventually(() => graph.calls.length === before + 1, 'messenger send');
      expect(graph.calls.at(-1)).toMatchObject({
        path: '/v21.0/me/messages',
        body: { recipient: { id: 'psid-100' }, messaging_type: 'RESPONSE', message: { text: 'Order placed.', quick_replies: [{ content_type: 'text', title: 'Track', payload: 'track' }] } },
      });
    });
  });

  describe('email', () => {
    const multipartRu = (messageId: string, inReplyTo = '') =>
      Buffer.concat([
        Buffer.from(
          [
            'From: =?UTF-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <Ivan.Petrov@example.ru>',
            'To: help@acme.test',
            `Subject: =?windows-1251?B?${iconv.encode('Повреждение заказа', 'win1251').toString('base64')}?=`,
            `Message-ID: ${messageId}`,
            ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: <root@acme.test> ${inReplyTo}`] : []),
            'Date: Sat, 21 Nov 2026 10:00:00 +0300',
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="b1"',
            '',
            '--b1',
            'Content-Type: text/plain; charset=windows-1251',
            'Content-Transfer-Encoding: 8bit',
            '',
            '',
          ].join('\r\n'),
        ),
        iconv.encode('Здравствуйте! Заказ пришёл без крышки.\r\n\r\n--\r\nИван Петров\r\n+7 900 000-00-00\r\n\r\n21.11.2026 9:00, Acme пишет:\r\n> Ваш заказ отправлен.\r\n', 'win1251'),
        Buffer.from(
          [
            '',
            '--b1',
            'Content-Type: image/png; name="photo.png"',
            'Content-Disposition: attachment; filename="photo.png"',
            'Content-Transfer-Encoding: base64',
            '',
            Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64'),
            '--b1',
            'Content-Type: application/x-msdownload; name="tool.exe"',
            'Content-Disposition: attachment; filename="tool.exe"',
            'Content-Transfer-Encoding: base64',
            '',
            Buffer.from('MZ fake').toString('base64'),
            '--b1--',
            '',
          ].join('\r\n'),
        ),
      ]);

    it('parses signed raw MIME (windows-1251, quote and signature, attachments) and threads the SMTP reply', async () => {
      const raw = multipartRu('<msg-1@example.ru>', '<sent-1@acme.test>');
      const bad = await post('/v1/webhooks/email/acme-email', raw, { 'content-type': 'message/rfc822', ...sign('wrong', raw.toString('latin1')) });
      expect(bad.status).toBe(403);
      const stale = await post('/v1/webhooks/email/acme-email', raw, { 'content-type': 'message/rfc822', ...signRaw(EMAIL_SECRET, raw, Math.floor(Date.now() / 1000) - 3600) });
      expect(stale.status).toBe(403);
      expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('WEBHOOK_REPLAYED');
      const unsigned = await post('/v1/webhooks/email/acme-email', raw, { 'content-type': 'message/rfc822' });
      expect(unsigned.status).toBe(401);
      const res = await post('/v1/webhooks/email/acme-email', raw, { 'content-type': 'message/rfc822', ...signRaw(EMAIL_SECRET, raw) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ duplicate: false, rejectedAttachments: [expect.stringContaining('tool.exe')] });
      const again = await post('/v1/webhooks/email/acme-email', raw, { 'content-type': 'message/rfc822', ...signRaw(EMAIL_SECRET, raw) });
      expect(await again.json()).toMatchObject({ duplicate: true });

      const m = await receivedFor('<msg-1@example.ru>');
      expect(m).toMatchObject({
        channelKind: 'CHANNEL_KIND_EMAIL',
        externalUserId: 'ivan.petrov@example.ru',
        subject: 'Повреждение заказа',
        replyToExternalId: '<sent-1@acme.test>',
        conversationRef: '<root@acme.test>',
      });
      expect(m.text).toMatch(/^Здравствуйте! Заказ пришёл без крышки\./);
      expect(m.text).not.toMatch(/Иван Петров|Ваш заказ отправлен/);
      expect(m.text).toMatch(/not accepted: tool\.exe/);
      const attachments = m.attachments as { kind: string; url: string; mimeType: string; fileName: string }[];
      expect(attachments).toEqual([expect.objectContaining({ kind: 'image', mimeType: 'image/png', fileName: 'photo.png' })]);
      const path = new URL(attachments[0].url).pathname;
      const file = await fetch(`${ingress.httpUrl}${path}`);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await file.arrayBuffer()).toString('hex')).toBe('89504e470d0a1a0a0000000d49484452');

      await reply(m, { text: 'Sorry about that!\n\nA new lid ships today.', quickReplies: [{ label: 'Thanks', payload: 'thanks' }] });
      await eventually(() => smtp.messages.length >= 1, 'SMTP reply');
      const sent = smtp.messages[0];
      expect(sent).toMatchObject({ from: 'help@acme.test', to: ['ivan.petrov@example.ru'], user: 'acme' });
      const parsed = await simpleParser(sent.raw);
      expect(parsed.inReplyTo).toBe('<msg-1@example.ru>');
      expect(parsed.references).toEqual(['<root@acme.test>', '<sent-1@acme.test>', '<msg-1@example.ru>']);
      expect(parsed.subject).toMatch(/^Re: /);
      expect(parsed.text).toContain('A new lid ships today.');
      expect(parsed.html).toContain('<p>A new lid ships today.</p>');
    });

    it('parses an HTML-only KOI8-R message posted as Mailgun form fields with a Mailgun signature', async () => {
      const mime = Buffer.concat([
        Buffer.from('From: olga@example.ru\r\nTo: help@acme.test\r\nSubject: test\r\nMessage-ID: <koi-1@example.ru>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=KOI8-R\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
        iconv.encode('<html><body><p>Где мой <b>заказ</b>?</p><div class="gmail_quote">On Mon, Acme wrote:<br><blockquote>старое</blockquote></div></body></html>', 'koi8-r'),
      ]);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const token = randomUUID().replace(/-/g, '');
      const form = (key: string) =>
        new URLSearchParams({ timestamp, token, signature: createHmac('sha256', key).update(timestamp + token).digest('hex'), 'body-mime': mime.toString('latin1') }).toString();
      expect((await post('/v1/webhooks/email/acme-email', form('wrong-key'), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(403);
      const ok = await post('/v1/webhooks/email/acme-email', form(MAILGUN_KEY), { 'content-type': 'application/x-www-form-urlencoded' });
      expect(ok.status).toBe(200);
      const replayed = await post('/v1/webhooks/email/acme-email', form(MAILGUN_KEY), { 'content-type': 'application/x-www-form-urlencoded' });
      expect(replayed.status).toBe(403);
      const m = await receivedFor('<koi-1@example.ru>');
      expect(m.text).toBe('Где мой заказ?');
    });

    it('parses a provider JSON post signed with the channel HMAC', async () => {
      const json = JSON.stringify({ from: 'Ann <ann@example.com>', subject: 'Invoice', html: '<p>Please send the <i>invoice</i>.</p><p>Sent from my iPhone</p>', 'Message-Id': '<json-1@example.com>' });
      const res = await post('/v1/webhooks/email/acme-email', json, { 'content-type': 'application/json', ...sign(EMAIL_SECRET, json) });
      expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 200 });
      expect(await receivedFor('<json-1@example.com>')).toMatchObject({ text: 'Please send the invoice.', subject: 'Invoice', externalUserId: 'ann@example.com' });
    });

    it('fails a reply the SMTP server refuses for good, and parks it on the reply-ready DLQ', async () => {
      const raw = Buffer.from('From: bounce@example.org\r\nSubject: hi\r\nMessage-ID: <bounce-1@example.org>\r\nContent-Type: text/plain\r\n\r\nhello\r\n');
      await post('/v1/webhooks/email/acme-email', raw, { 'content-type': 'message/rfc822', ...signRaw(EMAIL_SECRET, raw) });
      const m = await receivedFor('<bounce-1@example.org>');
      smtp.failNext(550, 'mailbox unavailable');
      const replyId = await reply(m, { text: 'Hello back' });
      await eventually(() => updates().some((u) => u.replyId === replyId), 'FAILED published');
      expect(updates().find((u) => u.replyId === replyId)).toMatchObject({ status: 'DELIVERY_STATUS_FAILED', attempts: 1, error: expect.stringContaining('550') });
      await eventually(() => collector.on(dlqTopic(prefix + Topics.dialogueReplyReady)).some((r) => r.value.replyId === replyId), 'DLQ record');
      expect(collector.on(dlqTopic(prefix + Topics.dialogueReplyReady)).find((r) => r.value.replyId === replyId)!.headers.dlq_reason).toContain('550');
    });
  });

  describe('voice', () => {
    const batch = (callId: string, sequence: number) => ({
      callId,
      sequence,
      caller: { phone: '+1 (415) 555-0101', name: 'Dana' },
      locale: 'en-US',
      segments: [
        { speaker: 'agent', text: 'Hi, how can I help?', start: 0, end: 1.5 },
        { speaker: 'customer', text: 'My package never arrived.', start: 2.0, end: 4.0, prosody: { speechRateWpm: 190, pauseRatio: 0.1, loudnessDb: -12, pitchHz: 230 } },
        { speaker: 'customer', text: 'This is the third time!', start: 6.5, end: 8.0, prosody: { speechRateWpm: 210, pauseRatio: 0.05, loudnessDb: -8, pitchHz: 250 } },
      ],
    });

    it('turns a signed transcript batch into one message with prosody as affect hints, and returns the reply text in the response', async () => {
      const body = JSON.stringify(batch('call-1', 0));
      expect((await post('/v1/webhooks/voice/acme-voice', body, { 'content-type': 'application/json' })).status).toBe(401);
      expect((await post('/v1/webhooks/voice/acme-voice', body, { 'content-type': 'application/json', ...sign('nope', body) })).status).toBe(403);
      const pending = post('/v1/webhooks/voice/acme-voice?waitMs=15000', body, { 'content-type': 'application/json', ...sign(VOICE_SECRET, body) });
      const m = await receivedFor('call-1:0');
      expect(m).toMatchObject({ channelKind: 'CHANNEL_KIND_VOICE', text: 'My package never arrived. This is the third time!', externalUserId: '+14155550101', conversationRef: 'call-1' });
      const affect = m.affectHints as Record<string, number>;
      expect(affect.speechRateWpm).toBeCloseTo((190 * 2 + 210 * 1.5) / 3.5, 1);
      expect(affect.typingPauseSeconds).toBeCloseTo(2.5, 5);
      expect(affect.loudnessDb).toBeLessThan(-8);
      expect((m.voiceSegments as unknown[]).length).toBe(3);
      await reply(m, { text: 'I am sorry. I will send a replacement today.' });
      const res = await pending;
      expect(res.status).toBe(200);
      const json = (await res.json()) as { replies: { text: string; id: string }[]; poll: string };
      expect(json.replies.map((r) => r.text)).toEqual(['I am sorry. I will send a replacement today.']);

      const dup = await post('/v1/webhooks/voice/acme-voice', body, { 'content-type': 'application/json', ...sign(VOICE_SECRET, body) });
      expect(await dup.json()).toMatchObject({ duplicate: true });
      const polled = await fetch(`${ingress.httpUrl}/v1/webhooks/voice/acme-voice/calls/call-1/replies?after=0`, { headers: { authorization: `Bearer ${VOICE_SECRET}` } });
      expect(((await polled.json()) as { replies: unknown[] }).replies).toHaveLength(1);
      const badBatch = JSON.stringify({ callId: 'call-2', sequence: -1, segments: [] });
      expect((await post('/v1/webhooks/voice/acme-voice', badBatch, { 'content-type': 'application/json', ...sign(VOICE_SECRET, badBatch) })).status).toBe(400);
    });
  });

  describe('API channel', () => {
    const apiPost = (channel: string, body: unknown, key = API_KEY) =>
      post(`/v1/channels/${channel}/messages`, JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${key}` });

    it('takes JSON with the channel bearer key and delivers the reply to the signed callback', async () => {
      expect((await apiPost('acme-api', { userId: 'u1', messageId: 'a-1', text: 'hi' }, 'wrong')).status).toBe(403);
      expect((await post('/v1/channels/acme-api/messages', '{}', { 'content-type': 'application/json' })).status).toBe(401);
      expect((await apiPost('acme-api', { userId: 'u1', text: 'no id' })).status).toBe(400);
      const res = await apiPost('acme-api', { userId: 'app-user-1', messageId: 'a-1', text: 'Where is my order?', email: 'app.user@example.com' });
      expect(res.status).toBe(202);
      expect(await (await apiPost('acme-api', { userId: 'app-user-1', messageId: 'a-1', text: 'Where is my order?' })).json()).toMatchObject({ duplicate: true });
      const m = await receivedFor('a-1');
      expect(m).toMatchObject({ channelKind: 'CHANNEL_KIND_API', externalUserId: 'app-user-1', identityHints: ['email:app.user@example.com'] });
      await reply(m, { text: 'On its way.' });
      await eventually(() => callbacks.length === 1, 'callback');
      const cb = callbacks[0];
      const ts = String(cb.headers['x-concierge-timestamp']);
      expect(cb.headers['x-concierge-signature']).toBe(`sha256=${createHmac('sha256', CALLBACK_SECRET).update(`${ts}.${cb.body}`).digest('hex')}`);
      expect(JSON.parse(cb.body)).toMatchObject({ recipient: 'app-user-1', text: 'On its way.' });
    });

    it('serves replies by polling when the channel has no callback', async () => {
      await apiPost('acme-api-poll', { userId: 'poller', messageId: 'p-1', text: 'hello' });
      const m = await receivedFor('p-1');
      const first = await fetch(`${ingress.httpUrl}/v1/channels/acme-api-poll/replies?userId=poller&after=0`, { headers: { authorization: `Bearer ${API_KEY}` } });
      expect(await first.json()).toEqual({ replies: [], next: '0' });
      await reply(m, { text: 'Hi poller' });
      const polled = await fetch(`${ingress.httpUrl}/v1/channels/acme-api-poll/replies?userId=poller&after=0&waitMs=15000`, { headers: { authorization: `Bearer ${API_KEY}` } });
      const json = (await polled.json()) as { replies: { text: string; id: string }[]; next: string };
      expect(json.replies.map((r) => r.text)).toEqual(['Hi poller']);
      const after = await fetch(`${ingress.httpUrl}/v1/channels/acme-api-poll/replies?userId=poller&after=${json.next}`, { headers: { authorization: `Bearer ${API_KEY}` } });
      expect(((await after.json()) as { replies: unknown[] }).replies).toHaveLength(0);
    });
  });

  describe('Telegram', () => {
    const tg = (update: unknown) =>
      post('/v1/webhooks/telegram/acme-telegram', JSON.stringify(update), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'tg-secret' });

    it('answers a pressed inline button with answerCallbackQuery and sends a photo reply with sendPhoto', async () => {
      const res = await tg({ update_id: 880001, callback_query: { id: '4382bfdwdsb323b2d9', from: { id: 5150, is_bot: false, first_name: 'Lev', language_code: 'ru' }, message: { message_id: 77, date: 1700000000, chat: { id: 5150, type: 'private' }, text: 'Confirm?' }, chat_instance: '-1', data: 'confirm:q-1' } });
      expect(res.status).toBe(200);
      const m = await receivedFor('update:880001');
      expect(m).toMatchObject({ text: 'confirm:q-1', buttonPayload: 'confirm:q-1' });
      await eventually(() => telegram.sent('answerCallbackQuery').length === 1, 'answerCallbackQuery');
      expect(telegram.sent('answerCallbackQuery')[0].body).toEqual({ callback_query_id: '4382bfdwdsb323b2d9' });
      await reply(m, { text: 'Order #12 confirmed (total 1.500 RUB)!', attachments: [{ kind: 'image', url: 'https://cdn.acme.test/receipt.png', mimeType: 'image/png', fileName: 'receipt.png' }] });
      await eventually(() => telegram.sent('sendPhoto').length === 1, 'sendPhoto');
      expect(telegram.sent('sendPhoto')[0].body).toMatchObject({ chat_id: '5150', photo: 'https://cdn.acme.test/receipt.png', caption: 'Order \\#12 confirmed \\(total 1\\.500 RUB\\)\\!', parse_mode: 'MarkdownV2' });
    });

    it('applies a rotated webhook secret, a disable and a new channel at once, although webhooks cache channels', async () => {
      const send = (channelId: string, secret: string, updateId: number) =>
        post(`/v1/webhooks/telegram/${channelId}`, JSON.stringify({ update_id: updateId, message: { message_id: 1, date: 1700000000, chat: { id: 6160, type: 'private' }, from: { id: 6160, is_bot: false, first_name: 'Ida' }, text: 'hi' } }), {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': secret,
        });
      await admin.createChannel({ tenantId: TENANT, channelId: 'acme-telegram-rot', kind: Kind.CHANNEL_KIND_TELEGRAM, name: 'rotating', settings: {}, secrets: { webhook_secret: 'old-secret', bot_token: 't' } });
      expect((await send('acme-telegram-rot', 'old-secret', 881001)).status).toBe(200);
      await admin.updateChannel({ tenantId: TENANT, channelId: 'acme-telegram-rot', name: '', settings: {}, secrets: { webhook_secret: 'new-secret' } });
      expect((await send('acme-telegram-rot', 'old-secret', 881002)).status).toBe(403);
      expect((await send('acme-telegram-rot', 'new-secret', 881003)).status).toBe(200);
      await admin.disableChannel({ tenantId: TENANT, channelId: 'acme-telegram-rot' });
      expect((await send('acme-telegram-rot', 'new-secret', 881004)).status).toBe(422);
      // An unknown channel is remembered as unknown, until it is created here.
      expect((await send('acme-telegram-new', 'fresh', 881005)).status).toBe(404);
      await admin.createChannel({ tenantId: TENANT, channelId: 'acme-telegram-new', kind: Kind.CHANNEL_KIND_TELEGRAM, name: 'new', settings: {}, secrets: { webhook_secret: 'fresh', bot_token: 't' } });
      expect((await send('acme-telegram-new', 'fresh', 881005)).status).toBe(200);
    });

    it('takes a voice note as an attachment and a /start deep link', async () => {
      await tg({ update_id: 880002, message: { message_id: 5, date: 1700000000, chat: { id: 5151, type: 'private' }, from: { id: 5151, is_bot: false, first_name: 'Ira' }, voice: { file_id: 'AwACAgIAAxkBAAIC', file_unique_id: 'u', duration: 4, mime_type: 'audio/ogg', file_size: 7000 } } });
      await tg({ update_id: 880003, message: { message_id: 6, date: 1700000000, chat: { id: 5151, type: 'private' }, from: { id: 5151, is_bot: false, first_name: 'Ira' }, text: '/start coffee-promo' } });
      expect(await receivedFor('update:880002')).toMatchObject({ attachments: [{ kind: 'voice', mimeType: 'audio/ogg', externalId: 'AwACAgIAAxkBAAIC', sizeBytes: '7000' }] });
      expect(await receivedFor('update:880003')).toMatchObject({ startPayload: 'coffee-promo' });
    });
  });

  describe('widget and guarantees', () => {
    it('links an identified visitor to the email customer, carries typing signals, accepts an image and refuses an executable', async () => {
      const visitorId = `v-${randomUUID()}`;
      // The host site's server signs what it knows about its logged-in user; unsigned claims stay unverified hints.
      const signature = createHmac('sha256', 'identify-secret').update(`${visitorId}:ivan.petrov@example.ru::`).digest('hex');
      const who = await post('/v1/widget/acme-widget/identify', JSON.stringify({ visitorId, email: 'Ivan.Petrov@example.ru', name: 'Ivan', signature }), { 'content-type': 'application/json' });
      expect(who.status).toBe(200);
      const emailCustomer = (await receivedFor('<msg-1@example.ru>')).customerId;
      expect(((await who.json()) as { customerId: string }).customerId).toBe(emailCustomer);
      const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
      const res = await post(
        '/v1/widget/acme-widget/messages',
        JSON.stringify({ visitorId, clientMessageId: 'w-typing-1', text: 'hmm... is this the right lid?', typing: { composeSeconds: 42, longestPauseSeconds: 12.5, deletions: 9 }, image: { mimeType: 'image/png', fileName: 'lid.png', dataBase64: png } }),
        { 'content-type': 'application/json' },
      );
      expect(res.status).toBe(202);
      const m = await receivedFor('w-typing-1');
      expect(m).toMatchObject({ customerId: emailCustomer, typing: { composeSeconds: 42, longestPauseSeconds: 12.5, deletions: 9 }, affectHints: { typingPauseSeconds: 12.5 }, attachments: [{ kind: 'image', mimeType: 'image/png', fileName: 'lid.png' }] });
      const exe = await post('/v1/widget/acme-widget/messages', JSON.stringify({ visitorId, text: 'x', image: { mimeType: 'application/x-msdownload', dataBase64: png } }), { 'content-type': 'application/json' });
      expect(exe.status).toBe(400);
      expect(((await exe.json()) as { error: { code: string } }).error.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    });

    it('shows the assistant typing on streams that ask for it (?typing=1), then the reply with its quick replies and image', async () => {
      const visitorId = `typing-${randomUUID()}`;
      const stream = await new SseReader(`${ingress.httpUrl}/v1/widget/acme-widget/stream?typing=1&visitorId=${visitorId}`).open();
      const plain = await new SseReader(`${ingress.httpUrl}/v1/widget/acme-widget/stream?visitorId=${visitorId}`).open();
      await post('/v1/widget/acme-widget/messages', JSON.stringify({ visitorId, clientMessageId: 'w-typing-2', text: 'which lid fits?', buttonPayload: 'add:lid-1' }), { 'content-type': 'application/json' });
      await eventually(() => stream.events.some((e) => e.event === 'typing'), 'typing event');
      const m = await receivedFor('w-typing-2');
      expect(m.buttonPayload).toBe('add:lid-1');
      await reply(m, { text: 'The 80 mm lid.', quickReplies: [{ label: 'Add to cart', payload: 'add:lid-80' }], attachments: [{ kind: 'image', url: 'https://cdn.acme.test/lid.png', mimeType: 'image/png' }] });
      await eventually(() => stream.events.some((e) => e.event === 'message'), 'reply event');
      expect(JSON.parse(stream.events.find((e) => e.event === 'message')!.data)).toMatchObject({ text: 'The 80 mm lid.', quickReplies: [{ label: 'Add to cart', payload: 'add:lid-80' }], attachments: [{ url: 'https://cdn.acme.test/lid.png' }] });
      await eventually(() => plain.events.length === 1, 'plain stream reply');
      expect(plain.events.map((e) => e.event)).toEqual(['message']);
      stream.close();
      plain.close();
    });

    it('sends 429 with Retry-After to a sender over the per-sender limit, and stores nothing for it', async () => {
      const visitorId = `flood-${randomUUID()}`;
      const statuses: number[] = [];
      let retryAfter = '';
      for (let i = 0; i < 10; i++) {
        const res = await post('/v1/widget/acme-widget/messages', JSON.stringify({ visitorId, clientMessageId: `flood-${i}`, text: `msg ${i}` }), { 'content-type': 'application/json' });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after') ?? '';
      }
      expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(6);
      expect(statuses.filter((s) => s === 202).length).toBeLessThan(10);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      const limited = statuses.map((s, i) => (s === 429 ? `flood-${i}` : '')).filter(Boolean);
      await new Promise((r) => setTimeout(r, 1000));
      expect(received().filter((m) => limited.includes(m.externalMessageId))).toHaveLength(0);
    });

    it('sends a proactive message (SendMessage without channel) to the customer\'s most recent reachable channel', async () => {
      const m = await receivedFor('m_fb_1');
      const before = graph.calls.length;
      const key = `proactive-${randomUUID()}`;
      const sent = await admin.sendMessage({ tenantId: TENANT, customerId: m.customerId, channelId: '', text: 'Your coffee runs out on Monday. Reorder?', quickReplies: [{ label: 'Reorder', payload: 'reorder' }], idempotencyKey: key, attachments: [], templateName: '', templateLanguage: '' });
      expect(sent.channelId).toBe('acme-messenger');
      const again = await admin.sendMessage({ tenantId: TENANT, customerId: m.customerId, channelId: '', text: 'Your coffee runs out on Monday. Reorder?', quickReplies: [], idempotencyKey: key, attachments: [], templateName: '', templateLanguage: '' });
      expect(again.deliveryId).toBe(sent.deliveryId);
      await eventually(() => graph.calls.length === before + 1, 'proactive send');
      await new Promise((r) => setTimeout(r, 700));
      expect(graph.calls.length).toBe(before + 1);
      // identity-graph merges that customer into another: a proactive message to the survivor still finds Messenger.
      const survivor = randomUUID();
      await events.publish(Events.customerMerged, Events.customerMerged.codec.fromJSON({ tenantId: TENANT, mergeId: randomUUID(), survivorCustomerId: survivor, mergedCustomerId: m.customerId, reason: 'shared verified email', mergedAt: new Date().toISOString() }), { key: survivor, tenantId: TENANT });
      await eventually(async () => {
        const r = await admin.sendMessage({ tenantId: TENANT, customerId: survivor, channelId: '', text: 'Welcome back', quickReplies: [], idempotencyKey: `survivor-${survivor}`, attachments: [], templateName: '', templateLanguage: '' }).catch(() => undefined);
        return r?.channelId === 'acme-messenger';
      }, 'survivor routed through the merge', 30_000);
      await expect(admin.sendMessage({ tenantId: TENANT, customerId: randomUUID(), channelId: '', text: 'x', quickReplies: [], idempotencyKey: `nobody-${randomUUID()}`, attachments: [], templateName: '', templateLanguage: '' })).rejects.toMatchObject({ errorCode: 'NO_REACHABLE_CHANNEL' });
    });
  });
});

function signRaw(secret: string, raw: Buffer, ts = Math.floor(Date.now() / 1000)) {
  return {
    'x-concierge-timestamp': String(ts),
    'x-concierge-signature': `sha256=${createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${ts}.`), raw])).digest('hex')}`,
  };
}
