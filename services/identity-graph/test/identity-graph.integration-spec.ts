import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { CheckoutV1, CommonV1, DialogueV1, Events, IdentityV1, IngressV1, ServiceProtos, Topics, toTimestamp } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { cloudEventHeaders } from '@concierge/kafka';
import { eventually, readTopic, startTestService, TestEventPublisher, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const Type = IdentityV1.IdentifierType;
const rq = (r: Partial<IdentityV1.ResolveIdentityRequest>) => ({ ...IdentityV1.ResolveIdentityRequest.fromJSON({}), ...r });

describe('identity-graph (real Postgres, Kafka and gRPC)', () => {
  let service: TestService;
  let identity: UnaryClient<IdentityV1.IdentityServiceClient>;
  let prefix: string;

  beforeAll(async () => {
    prefix = testTopicPrefix('identity');
    service = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix,
      TENANT_API_KEYS: 'acme:acme-secret-key,globex:globex-secret-key',
    });
    identity = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity);
  });

  afterAll(() => service?.close());

  it('resolves the same Telegram user to the same customer, and a new one to a new customer', async () => {
    const first = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: '1001', hints: [], displayName: 'Anna K', locale: 'en' }));
    const again = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: '1001', hints: [], displayName: '', locale: '' }));
    const other = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: '1002', hints: [], displayName: '', locale: '' }));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ customerId: first.customerId, created: false });
    expect(other.customerId).not.toBe(first.customerId);
    const { customer } = await identity.getCustomer({ tenantId: 'acme', customerId: first.customerId });
    expect(customer?.displayName).toBe('Anna K');
    expect(customer?.identities.map((i) => [i.type, i.value])).toEqual([[Type.IDENTIFIER_TYPE_TELEGRAM_USER, '1001']]);
  });

  it('creates exactly one customer under concurrent first contact', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'visitor-race-1', hints: [], displayName: '', locale: '' })),
      ),
    );
    expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('normalizes emails and phones so spellings of one person match', async () => {
    const a = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_EMAIL, value: '  Anna@Example.COM ', hints: [], displayName: '', locale: '' }));
    const b = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_EMAIL, value: 'anna@example.com', hints: [], displayName: '', locale: '' }));
    expect(b.customerId).toBe(a.customerId);
  });

  it('rejects bad input with INVALID_ARGUMENT and the domain code, and keeps serving', async () => {
    const call = identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_EMAIL, value: 'not-an-email', hints: [], displayName: '', locale: '' }));
    await expect(call).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'IDENTIFIER_VALUE_INVALID' });
    await expect(identity.getCustomer({ tenantId: 'acme', customerId: randomUUID() })).rejects.toMatchObject({
      code: status.NOT_FOUND,
      errorCode: 'CUSTOMER_NOT_FOUND',
    });
    await expect(identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_CRM_ID, value: 'crm-1', hints: [], displayName: '', locale: '' }))).resolves.toBeDefined();
  });

  it('keeps tenants apart: a tenant key cannot read another tenant, and no key is refused', async () => {
    const acme = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_CRM_ID, value: 'crm-9', hints: [], displayName: '', locale: '' }));
    const globexClient = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, 'globex-secret-key');
    await expect(globexClient.getCustomer({ tenantId: 'acme', customerId: acme.customerId })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(globexClient.getCustomer({ tenantId: 'globex', customerId: acme.customerId })).rejects.toMatchObject({ code: status.NOT_FOUND });
    const acmeClient = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, 'acme-secret-key');
    await expect(acmeClient.getCustomer({ tenantId: '', customerId: acme.customerId })).resolves.toMatchObject({ customer: { customerId: acme.customerId } });
    const anonymous = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, 'wrong-key-12345');
    await expect(anonymous.getCustomer({ tenantId: 'acme', customerId: acme.customerId })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it('applies the same keys and errors to ResolveIdentity, which grpc-js serves outside Nest\'s pipeline', async () => {
    const crm = (tenantId: string, value: string) => rq({ tenantId, type: Type.IDENTIFIER_TYPE_CRM_ID, value, hints: [], displayName: '', locale: '' });
    const acme = await identity.resolveIdentity(crm('acme', 'crm-direct'));
    const asGlobex = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, 'globex-secret-key');
    await expect(asGlobex.resolveIdentity(crm('acme', 'crm-direct'))).rejects.toMatchObject({ code: status.PERMISSION_DENIED, errorCode: 'TENANT_MISMATCH' });
    // A tenant key without a tenant id acts in its own tenant: a different customer from acme's.
    const globex = await asGlobex.resolveIdentity(crm('', 'crm-direct'));
    expect(globex).toMatchObject({ created: true });
    expect(globex.customerId).not.toBe(acme.customerId);
    await expect(asGlobex.resolveIdentity(crm('', 'crm-direct'))).resolves.toMatchObject({ customerId: globex.customerId, created: false });
    const wrongKey = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, 'wrong-key-12345');
    await expect(wrongKey.resolveIdentity(crm('acme', 'crm-direct'))).rejects.toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'API_KEY_INVALID' });
    await expect(identity.resolveIdentity(rq({ tenantId: '', type: Type.IDENTIFIER_TYPE_CRM_ID, value: 'x', hints: [], displayName: '', locale: '' }))).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    await expect(identity.resolveIdentity(crm('acme', 'crm-direct'))).resolves.toMatchObject({ customerId: acme.customerId, created: false });
  });

  it('builds the timeline from Kafka events, once per event, and sends poison records to the DLQ', async () => {
    const { customerId } = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: '2001', hints: [], displayName: '', locale: '' }));
    const events = new TestEventPublisher(prefix);
    const eventId = randomUUID();
    const message = ({ ...IngressV1.InboundMessage.fromJSON({}),
      messageId: randomUUID(), tenantId: 'acme', channelId: 'tg', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM,
      customerId, externalUserId: '2001', externalMessageId: 'update:1', text: 'where is my order?', attachments: [],
      locale: 'en', sentAt: toTimestamp(new Date()), receivedAt: toTimestamp(new Date()), affectHints: undefined, conversationRef: '',
    });
    const headers = cloudEventHeaders({ id: eventId, type: Events.messageReceived.type, source: '/test', time: new Date().toISOString(), subject: customerId, tenantId: 'acme', correlationId: eventId });
    await events.publishRaw(Topics.ingressMessageReceived, 'this is not json', headers, customerId);
    await events.publish(Events.messageReceived, { message }, { key: customerId, tenantId: 'acme', eventId, times: 2 });
    await eventually(async () => (await identity.getCustomerContext({ tenantId: 'acme', customerId, recentItems: 10 })).totalTimelineItems === 1, 'timeline item');
    const ctx = await identity.getCustomerContext({ tenantId: 'acme', customerId, recentItems: 10 });
    expect(ctx.recentTimeline).toHaveLength(1);
    expect(ctx.recentTimeline[0]).toMatchObject({ kind: IdentityV1.TimelineItemKind.TIMELINE_ITEM_KIND_INBOUND_MESSAGE, text: 'where is my order?' });

    const [dlq] = await readTopic(`${prefix}${Topics.ingressMessageReceived}.dlq`);
    expect(dlq.value).toBe('this is not json');
    expect(dlq.headers.dlq_reason).toMatch(/not valid JSON/);
    await events.close();
  });

  it('orders inbound, outbound, order and handoff events on one timeline', async () => {
    const { customerId } = await identity.resolveIdentity(rq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: '3001' }));
    const events = new TestEventPublisher(prefix);
    const at = (min: number) => toTimestamp(new Date(Date.now() - (10 - min) * 60_000));
    const messageId = randomUUID();
    // Published out of order on purpose: the timeline orders by when things happened.
    await events.publish(Events.handoffRequested, { ...DialogueV1.HandoffRequested.fromJSON({}), tenantId: 'acme', customerId, conversationId: 'c1', reason: 'customer asked for a person', summary: 'wants a refund', requestedAt: at(4) }, { key: customerId, tenantId: 'acme' });
    await events.publish(Events.orderPlaced, { order: { ...CheckoutV1.Order.fromJSON({}), orderId: 'ord-1', tenantId: 'acme', customerId, placedAt: at(3), lines: [{ ...CheckoutV1.OrderLine.fromJSON({}), name: 'Colombia Huila 250 g', quantity: 2 }] } }, { key: customerId, tenantId: 'acme' });
    await events.publish(Events.messageReceived, { message: { ...IngressV1.InboundMessage.fromJSON({}), messageId, tenantId: 'acme', customerId, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM, channelId: 'tg', externalUserId: '3001', text: 'I want my money back', receivedAt: at(1) } }, { key: customerId, tenantId: 'acme', eventId: messageId });
    await events.publish(Events.replyReady, { ...DialogueV1.ReplyReady.fromJSON({}), replyId: randomUUID(), tenantId: 'acme', customerId, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM, channelId: 'tg', text: 'Sorry to hear that — a colleague will help.', inReplyToMessageId: messageId, createdAt: at(2) }, { key: customerId, tenantId: 'acme' });
    await eventually(async () => {
      const ctx = await identity.getCustomerContext({ tenantId: 'acme', customerId, recentItems: 10 });
      return ctx.totalTimelineItems === 4;
    }, 'timeline');
    const ctx = await identity.getCustomerContext({ tenantId: 'acme', customerId, recentItems: 10 });
    const K = IdentityV1.TimelineItemKind;
    expect(ctx.recentTimeline.map((i) => [i.kind, i.text])).toEqual([
      [K.TIMELINE_ITEM_KIND_INBOUND_MESSAGE, 'I want my money back'],
      [K.TIMELINE_ITEM_KIND_OUTBOUND_MESSAGE, 'Sorry to hear that — a colleague will help.'],
      [K.TIMELINE_ITEM_KIND_ORDER, 'Order ord-1: 2 × Colombia Huila 250 g'],
      [K.TIMELINE_ITEM_KIND_HANDOFF, 'Handed to a person: customer asked for a person — wants a refund'],
    ]);
    const older = await identity.getCustomerContext({ tenantId: 'acme', customerId, recentItems: 1 });
    expect(older.historyDigest).toMatch(/^3 earlier timeline items since .*last order .*: Order ord-1/);
    await events.close();
  });

  it('answers health and readiness over HTTP and exposes Prometheus metrics', async () => {
    expect((await fetch(`${service.httpUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', kafka: 'ok' } });
    const metrics = await (await fetch(`${service.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/concierge_events_consumed\{[^}]*outcome="processed"/);
  });
});
