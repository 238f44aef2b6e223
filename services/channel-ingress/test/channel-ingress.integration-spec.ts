import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { CommonV1, Events, IngressV1, ServiceProtos, Topics } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import {
  eventually,
  FakeTelegramApi,
  readTopic,
  SseReader,
  spawnService,
  SpawnedService,
  startTestService,
  telegramTextUpdate,
  TestEventPublisher,
  testKafka,
  TestService,
  testTopicPrefix,
} from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const Kind = CommonV1.ChannelKind;
const TENANT = 'acme';

describe('channel-ingress (real Postgres, Kafka, gRPC and HTTP)', () => {
  let identity: SpawnedService;
  let ingress: TestService;
  let channels: UnaryClient<IngressV1.IngressServiceClient>;
  let telegram: FakeTelegramApi;
  let prefix: string;
  let events: TestEventPublisher;

  const webhook = (body: unknown, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': 'tg-secret-123' }, channel = 'acme-telegram') =>
    fetch(`${ingress.httpUrl}/v1/webhooks/telegram/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const received = async () => {
    const admin = testKafka().admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(prefix + Topics.ingressMessageReceived);
    await admin.disconnect();
    return offsets.reduce((n, p) => n + Number(p.high), 0);
  };

  const publishReply = async (reply: { customerId: string; inReplyToMessageId: string; text?: string; quickReplies?: { label: string; payload: string }[] }) => {
    const replyId = randomUUID();
    const payload = Events.replyReady.codec.fromJSON({
      replyId, tenantId: TENANT, conversationId: randomUUID(), channelId: '', channelKind: 'CHANNEL_KIND_UNSPECIFIED',
      text: 'Hello from the agent', quickReplies: [], proactive: false, createdAt: new Date().toISOString(), ...reply,
    });
    await events.publish(Events.replyReady, payload, { key: reply.customerId, tenantId: TENANT, eventId: replyId });
    return replyId;
  };

  beforeAll(async () => {
    prefix = testTopicPrefix('ingress');
    telegram = await new FakeTelegramApi().start();
    identity = await spawnService('identity-graph', { KAFKA_TOPIC_PREFIX: prefix });
    ingress = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix,
      IDENTITY_GRPC_ADDR: identity.grpcAddress,
      TELEGRAM_API_BASE_URL: telegram.baseUrl,
    });
    channels = ingress.client<IngressV1.IngressServiceClient>(ServiceProtos.ingress);
    await channels.createChannel({ tenantId: TENANT, channelId: 'acme-telegram', kind: Kind.CHANNEL_KIND_TELEGRAM, name: 'Acme bot', settings: {}, secrets: { webhook_secret: 'tg-secret-123', bot_token: '123:ABC' } });
    await channels.createChannel({ tenantId: TENANT, channelId: 'acme-widget', kind: Kind.CHANNEL_KIND_WIDGET, name: 'Acme site', settings: {}, secrets: {} });
    events = new TestEventPublisher(prefix);
  });

  afterAll(async () => {
    await events?.close();
    await ingress?.close();
    await identity?.stop();
    await telegram?.stop();
  });

  it('administers channels over gRPC without ever returning secrets', async () => {
    const { channels: list } = await channels.listChannels({ tenantId: TENANT, page: undefined });
    expect(list.map((c) => c.channelId).sort()).toEqual(['acme-telegram', 'acme-widget']);
    const tg = list.find((c) => c.channelId === 'acme-telegram')!;
    expect(tg).toMatchObject({ kind: Kind.CHANNEL_KIND_TELEGRAM, hasSecret: true, enabled: true });
    expect(JSON.stringify(tg)).not.toContain('tg-secret-123');
    await expect(
      channels.createChannel({ tenantId: TENANT, channelId: 'acme-telegram', kind: Kind.CHANNEL_KIND_TELEGRAM, name: 'dup', settings: {}, secrets: { webhook_secret: 'x', bot_token: 'y' } }),
    ).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
    await expect(
      channels.createChannel({ tenantId: TENANT, channelId: 'no-secrets', kind: Kind.CHANNEL_KIND_TELEGRAM, name: 'x', settings: {}, secrets: {} }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'CHANNEL_SECRET_MISSING' });
    await expect(channels.getChannel({ tenantId: 'globex', channelId: 'acme-telegram' })).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('turns a Telegram update into one stored message and one CloudEvent, and ignores the redelivery', async () => {
    const update = telegramTextUpdate(5001, 777001, 'Hi there');
    const first = await webhook(update);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, duplicate: false });
    const again = await webhook(update);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });

    const [record] = await readTopic(prefix + Topics.ingressMessageReceived);
    expect(record.headers).toMatchObject({ ce_specversion: '1.0', ce_type: 'concierge.ingress.v1.MessageReceived', ce_source: '/concierge/channel-ingress', tenant_id: TENANT, 'content-type': 'application/json' });
    const body = JSON.parse(record.value);
    expect(body.message).toMatchObject({ tenantId: TENANT, channelId: 'acme-telegram', channelKind: 'CHANNEL_KIND_TELEGRAM', externalUserId: '777001', externalMessageId: 'update:5001', text: 'Hi there' });
    expect(record.key).toBe(body.message.customerId);
    expect(record.headers.ce_id).toBe(body.message.messageId);
    await new Promise((r) => setTimeout(r, 500));
    expect(await received()).toBe(1);
  });

  it('answers bad webhook input with a clear 4xx and publishes nothing', async () => {
    const before = await received();
    const cases: [Promise<Response>, number, string][] = [
      [webhook(telegramTextUpdate(6001, 1, 'x'), {}), 401, 'WEBHOOK_SECRET_MISSING'],
      [webhook(telegramTextUpdate(6002, 1, 'x'), { 'x-telegram-bot-api-secret-token': 'wrong' }), 403, 'WEBHOOK_SECRET_INVALID'],
      [webhook(telegramTextUpdate(6003, 1, 'x'), undefined, 'no-such-channel'), 404, 'CHANNEL_NOT_FOUND'],
      [webhook('{"update_id": 1, "message": '), 400, 'MALFORMED_JSON'],
      [webhook({ message: { text: 'no update id' } }), 400, 'MALFORMED_UPDATE'],
      [webhook({ update_id: 6004, message: { text: 'hi', chat: {}, from: {} } }), 400, 'MALFORMED_UPDATE'],
      [webhook({ update_id: 6005, padding: 'x'.repeat(2 * 1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [response, code, errorCode] of cases) {
      const res = await response;
      expect({ status: res.status, body: await res.json() }).toMatchObject({ status: code, body: { error: { code: errorCode } } });
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await received()).toBe(before);
    expect((await fetch(`${ingress.httpUrl}/healthz`)).status).toBe(200);
  });

  it('delivers a reply with sendMessage, retrying after Telegram flood control, and publishes the delivery status', async () => {
    await webhook(telegramTextUpdate(7001, 777002, 'Where is my order?'));
    const records = await readTopic(prefix + Topics.ingressMessageReceived, 2);
    const inbound = JSON.parse(records[1].value).message;
    telegram.failNextWithTooManyRequests(1);
    const replyId = await publishReply({ customerId: inbound.customerId, inReplyToMessageId: inbound.messageId, text: 'It ships tomorrow.', quickReplies: [{ label: 'Talk to a person', payload: 'handoff' }] });
    await eventually(() => telegram.sent().length === 2, 'sendMessage retried');
    const call = telegram.sent()[1];
    expect(call.token).toBe('123:ABC');
    expect(call.body).toMatchObject({ chat_id: '777002', text: 'It ships tomorrow\\.', parse_mode: 'MarkdownV2', reply_markup: { inline_keyboard: [[{ text: 'Talk to a person', callback_data: 'handoff' }]] } });
    const [status] = await readTopic(prefix + Topics.ingressDeliveryUpdated);
    expect(JSON.parse(status.value)).toMatchObject({ replyId, status: 'DELIVERY_STATUS_SENT', channelId: 'acme-telegram' });
  });

  it('takes widget messages and streams replies over SSE, resuming after Last-Event-ID', async () => {
    const visitorId = `visitor-${randomUUID()}`;
    const stream = await new SseReader(`${ingress.httpUrl}/v1/widget/acme-widget/stream?visitorId=${visitorId}`).open();
    expect(stream.status).toBe(200);
    const post = await fetch(`${ingress.httpUrl}/v1/widget/acme-widget/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId, text: 'do you deliver on Sundays?', clientMessageId: 'c-1' }),
    });
    expect(post.status).toBe(202);
    const { messageId } = (await post.json()) as { messageId: string };
    const records = await readTopic(prefix + Topics.ingressMessageReceived, 3);
    const inbound = JSON.parse(records[2].value).message;
    expect(inbound).toMatchObject({ messageId, channelKind: 'CHANNEL_KIND_WIDGET', externalUserId: visitorId, text: 'do you deliver on Sundays?' });
    await publishReply({ customerId: inbound.customerId, inReplyToMessageId: messageId, text: 'Yes, 10:00–16:00.' });
    await eventually(() => stream.events.length === 1, 'SSE reply');
    const event = stream.events[0];
    expect(JSON.parse(event.data)).toMatchObject({ text: 'Yes, 10:00–16:00.' });
    stream.close();

    const resumed = await new SseReader(`${ingress.httpUrl}/v1/widget/acme-widget/stream?visitorId=${visitorId}`, { 'last-event-id': '0' }).open();
    await eventually(() => resumed.events.length === 1, 'replayed reply');
    expect(resumed.events[0].id).toBe(event.id);
    resumed.close();
    const caughtUp = await new SseReader(`${ingress.httpUrl}/v1/widget/acme-widget/stream?visitorId=${visitorId}&lastEventId=${event.id}`).open();
    await new Promise((r) => setTimeout(r, 300));
    expect(caughtUp.events).toHaveLength(0);
    caughtUp.close();

    const bad = await fetch(`${ingress.httpUrl}/v1/widget/acme-widget/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId: 'x', text: '' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_MESSAGE');
  });

  it('serves the widget script and the demo page', async () => {
    const js = await fetch(`${ingress.httpUrl}/widget.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('EventSource');
    expect(await (await fetch(`${ingress.httpUrl}/demo`)).text()).toContain('data-channel="demo-widget"');
  });
});
