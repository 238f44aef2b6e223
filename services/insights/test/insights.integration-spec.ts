import { status } from '@grpc/grpc-js';
import { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckoutV1, CommonV1, DialogueV1, EventDescriptor, Events, IngressV1, InsightsV1, ServiceProtos, toTimestamp } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { cloudEventHeaders } from '@concierge/kafka';
import { eventually, startTestService, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const SECRET_TEXT = 'my card number is 4111 1111 1111 1111';
const at = (iso: string) => toTimestamp(new Date(iso));

const message = (tenantId: string): IngressV1.MessageReceived =>
  IngressV1.MessageReceived.fromJSON({
    message: {
      messageId: randomUUID(), tenantId, channelId: 'tg', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM, customerId: randomUUID(),
      externalUserId: '1', externalMessageId: randomUUID(), text: SECRET_TEXT, locale: 'en',
    },
  });
const reply = (tenantId: string): DialogueV1.ReplyReady =>
  DialogueV1.ReplyReady.fromJSON({
    replyId: randomUUID(), tenantId, customerId: randomUUID(), conversationId: randomUUID(), channelId: 'tg', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM, text: SECRET_TEXT,
  });
const turn = (tenantId: string, conversationId: string): DialogueV1.TurnCompleted =>
  DialogueV1.TurnCompleted.fromJSON({
    tenantId, customerId: randomUUID(), conversationId, turnId: randomUUID(), inboundMessageId: randomUUID(), channelKind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET,
    customerText: SECRET_TEXT, replyText: SECRET_TEXT, intent: 'order_status', tone: 'calm', frustration: 0.2, sentiment: 0,
  });
const handoff = (tenantId: string, conversationId: string): DialogueV1.HandoffRequested =>
  DialogueV1.HandoffRequested.fromJSON({ tenantId, customerId: randomUUID(), conversationId, reason: 'asked for a human', summary: SECRET_TEXT });
const order = (tenantId: string): CheckoutV1.OrderPlaced =>
  CheckoutV1.OrderPlaced.fromJSON({ order: { orderId: randomUUID(), tenantId, customerId: randomUUID(), status: CheckoutV1.OrderStatus.ORDER_STATUS_PLACED } });

describe('insights (real Postgres, Kafka and gRPC)', () => {
  let service: TestService;
  let insights: UnaryClient<InsightsV1.InsightsServiceClient>;
  let producer: Producer;
  let prefix: string;

  const publish = async <T>(event: EventDescriptor<T>, payload: T, o: { tenantId?: string; time: string; id?: string }) => {
    const id = o.id ?? randomUUID();
    const headers = cloudEventHeaders({ id, type: event.type, source: '/test', time: o.time, subject: 'k', tenantId: o.tenantId ?? 'acme', correlationId: id });
    await producer.send({ topic: prefix + event.topic, messages: [{ key: 'k', value: JSON.stringify(event.codec.toJSON(payload)), headers }] });
  };
  const dashboard = (from: string, to: string, tenantId = 'acme') => insights.getDashboard({ tenantId, range: { from: at(from), to: at(to) } });

  beforeAll(async () => {
    prefix = testTopicPrefix('insights');
    service = await startTestService(AppModule, SERVICE, { KAFKA_TOPIC_PREFIX: prefix, TENANT_API_KEYS: 'globex:globex-secret-key' });
    insights = service.client<InsightsV1.InsightsServiceClient>(ServiceProtos.insights);
    producer = new Kafka({ clientId: 'insights-test', brokers: process.env.KAFKA_BROKERS!.split(',') }).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
  });

  it('counts messages, replies, conversations and handoffs per tenant over a range, each event once', async () => {
    const duplicated = randomUUID();
    await publish(Events.messageReceived, message('acme'), { time: '2026-02-10T10:05:00Z', id: duplicated });
    await publish(Events.messageReceived, message('acme'), { time: '2026-02-10T10:05:00Z', id: duplicated });
    await publish(Events.messageReceived, message('acme'), { time: '2026-02-10T10:40:00Z' });
    await publish(Events.messageReceived, message('acme'), { time: '2026-02-10T12:15:00Z' });
    await publish(Events.messageReceived, message('globex'), { tenantId: 'globex', time: '2026-02-10T10:15:00Z' });
    await publish(Events.replyReady, reply('acme'), { time: '2026-02-10T10:06:00Z' });
    await publish(Events.replyReady, reply('acme'), { time: '2026-02-10T12:16:00Z' });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await publish(Events.turnCompleted, turn('acme', a), { time: '2026-02-10T10:06:00Z' });
    await publish(Events.turnCompleted, turn('acme', a), { time: '2026-02-10T12:16:00Z' });
    await publish(Events.turnCompleted, turn('acme', b), { time: '2026-02-10T10:41:00Z' });
    await publish(Events.turnCompleted, turn('acme', c), { time: '2026-02-10T12:20:00Z' });
    await publish(Events.handoffRequested, handoff('acme', b), { time: '2026-02-10T10:42:00Z' });
    await publish(Events.handoffRequested, handoff('acme', b), { time: '2026-02-10T10:43:00Z' });
    await publish(Events.orderPlaced, order('acme'), { time: '2026-02-10T10:50:00Z' });

    const wholeDay = ['2026-02-10T00:00:00Z', '2026-02-11T00:00:00Z'] as const;
    await eventually(async () => {
      const d = await dashboard(...wholeDay);
      return d.inboundMessages === '3' && d.replies === '2' && d.conversations === '3' && d.handoffRate > 0;
    }, 'dashboard counts');
    expect(await dashboard(...wholeDay)).toMatchObject({ conversations: '3', inboundMessages: '3', replies: '2', handoffRate: 1 / 3, automationRate: 0, openAlerts: [] });
    // Whole hours: 10:30 to 11:00 still counts the 10 o'clock hour.
    expect(await dashboard('2026-02-10T10:30:00Z', '2026-02-10T11:00:00Z')).toMatchObject({ conversations: '2', inboundMessages: '2', replies: '1', handoffRate: 0.5 });
    expect(await dashboard('2026-02-10T12:00:00Z', '2026-02-10T13:00:00Z')).toMatchObject({ conversations: '2', inboundMessages: '1', replies: '1', handoffRate: 0 });
    expect(await dashboard(...wholeDay, 'globex')).toMatchObject({ conversations: '0', inboundMessages: '1', replies: '0', handoffRate: 0 });
    expect(await dashboard('2026-02-11T00:00:00Z', '2026-02-12T00:00:00Z')).toMatchObject({ conversations: '0', inboundMessages: '0', handoffRate: 0 });
  });

  it('stores no card number (or other PII) anywhere in its database: quotes are masked', async () => {
    const db = service.app.get(DataSource);
    const columns: { table_name: string; column_name: string }[] = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')`,
    );
    expect(columns.length).toBeGreaterThan(0);
    for (const { table_name, column_name } of columns) {
      const [row] = await db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text LIKE $1`, ['%4111 1111%']);
      expect({ table_name, column_name, n: row.n }).toEqual({ table_name, column_name, n: 0 });
    }
  });

  it('rejects bad ranges and a missing tenant with INVALID_ARGUMENT and the domain code', async () => {
    await expect(dashboard('2026-02-10T12:00:00Z', '2026-02-10T10:00:00Z')).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'RANGE_INVALID' });
    await expect(dashboard('2024-01-01T00:00:00Z', '2026-02-10T10:00:00Z')).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'RANGE_INVALID' });
    await expect(insights.getDashboard({ tenantId: '', range: undefined })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'TENANT_REQUIRED' });
    await expect(insights.getDashboard({ tenantId: 'acme', range: undefined })).resolves.toMatchObject({ automationRate: 0 });
  });

  it('shows a tenant key its own dashboard only', async () => {
    const globex = service.client<InsightsV1.InsightsServiceClient>(ServiceProtos.insights, 'globex-secret-key');
    await expect(globex.getDashboard({ tenantId: 'acme', range: undefined })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(globex.getDashboard({ tenantId: '', range: undefined })).resolves.toMatchObject({ automationRate: 0 });
  });

  it('answers readiness over HTTP', async () => {
    const ready = await fetch(`${service.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', kafka: 'ok' } });
  });
});
