import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckoutV1, CommonV1, DialogueV1, Events, IdentityV1, PredictionV1, ServiceProtos, Topics, toTimestamp } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import {
  eventually, readTopic, spawnService, SpawnedService, startTestService, TEST_INTERNAL_API_KEY, TestEventPublisher, TestService, testTopicPrefix,
} from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const TENANT = 'acme';
const Purpose = IdentityV1.ConsentPurpose;

describe('proactive messages (real identity-graph, Kafka, Postgres)', () => {
  let identityService: SpawnedService;
  let service: TestService;
  let identity: UnaryClient<IdentityV1.IdentityServiceClient>;
  let events: TestEventPublisher;
  let prefix: string;

  const customer = async (email: string, displayName: string, locale: string, marketing?: boolean) => {
    const { customerId } = await identity.resolveIdentity({
      tenantId: TENANT, type: IdentityV1.IdentifierType.IDENTIFIER_TYPE_EMAIL, value: email, hints: [], displayName, locale,
      verified: false, defaultRegion: '', source: 'test',
    } as IdentityV1.ResolveIdentityRequest);
    if (marketing !== undefined) await setMarketing(customerId, marketing);
    return customerId;
  };
  const setMarketing = (customerId: string, granted: boolean) =>
    identity.setConsent({ tenantId: TENANT, customerId, purpose: Purpose.CONSENT_PURPOSE_MARKETING, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, granted, source: 'test' });

  const outreach = (customerId: string, over: Partial<PredictionV1.OutreachDue> = {}): PredictionV1.OutreachDue => ({
    outreachId: randomUUID(), tenantId: TENANT, customerId, productId: 'coffee-eth-1kg', action: PredictionV1.OutreachAction.OUTREACH_ACTION_REORDER,
    reason: 'runs out in 3 days', predictedRunOutAt: toTimestamp(new Date(Date.now() + 3 * 86_400_000)), dueAt: toTimestamp(new Date()),
    channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, quantity: 2, productName: 'Ethiopia Yirgacheffe 1 kg', requiresTemplate: false, signalId: '',
    ...over,
  });

  const orderEvent = (customerId: string, orderId: string, status: CheckoutV1.OrderStatus, followUpDueAt?: Date): CheckoutV1.OrderStatusChanged => ({
    tenantId: TENANT, orderId, customerId, previousStatus: CheckoutV1.OrderStatus.ORDER_STATUS_PLACED, status, changedAt: toTimestamp(new Date()),
    followUpDueAt: followUpDueAt ? toTimestamp(followUpDueAt) : undefined,
    order: { lines: [{ productId: 'kettle-1', name: 'Gooseneck kettle', quantity: 1, unitPrice: undefined }] } as unknown as CheckoutV1.Order,
  });

  const repliesFor = async (customerId: string, count: number) =>
    (await readTopic(prefix + Topics.dialogueReplyReady, (rs) => rs.filter((r) => r.key === customerId).length >= count, 30_000))
      .filter((r) => r.key === customerId)
      .map((r) => Events.replyReady.codec.fromJSON(JSON.parse(r.value)) as DialogueV1.ReplyReady);

  const rows = (customerId: string) =>
    service.app.get(DataSource).query(`SELECT kind, status, reason, dedupe_key FROM proactive_messages WHERE customer_id = $1 ORDER BY created_at`, [customerId]) as Promise<
      Array<{ kind: string; status: string; reason: string; dedupe_key: string }>
    >;

  beforeAll(async () => {
    prefix = testTopicPrefix('proactive');
    identityService = await spawnService('identity-graph', { KAFKA_TOPIC_PREFIX: prefix });
    service = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix, IDENTITY_GRPC_ADDR: identityService.grpcAddress, PROACTIVE_QUIET_HOURS: '', PROACTIVE_SWEEP_MS: '500',
    });
    identity = createGrpcClient<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, { address: identityService.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 10_000 });
    events = new TestEventPublisher(prefix);
  }, 180_000);

  afterAll(async () => {
    await events?.close();
    identity?.close();
    await service?.close();
    await identityService?.stop();
  });

  it('outreach-due with marketing consent → one personal proactive reply-ready with one-tap Reorder, even when the event is redelivered', async () => {
    const anna = await customer(`anna-${randomUUID()}@example.com`, 'Anna Smith', 'en-GB', true);
    const event = outreach(anna);
    await events.publish(Events.outreachDue, event, { key: anna, tenantId: TENANT, eventId: randomUUID(), times: 2 });
    const [reply] = await repliesFor(anna, 1);
    expect(reply).toMatchObject({ tenantId: TENANT, customerId: anna, proactive: true, inReplyToMessageId: '', channelId: '', purpose: 'proactive_outreach' });
    expect(reply.text).toMatch(/^Hi Anna! Looks like your Ethiopia Yirgacheffe 1 kg is running low\. Shall I reorder\?/);
    expect(reply.quickReplies[0]).toEqual({ label: 'Reorder', payload: 'add:coffee-eth-1kg' });
    expect(reply.quickReplies[1]).toMatchObject({ label: 'Not now', payload: expect.stringMatching(/^snooze:/) });

    // The same outreach again under a new event id (a producer retry) is still one message.
    await events.publish(Events.outreachDue, event, { key: anna, tenantId: TENANT, eventId: randomUUID() });
    const later = await customer(`later-${randomUUID()}@example.com`, 'Lee', 'en', true);
    await events.publish(Events.outreachDue, outreach(later), { key: later, tenantId: TENANT });
    await repliesFor(later, 1);
    expect(await repliesFor(anna, 1)).toHaveLength(1);
    expect(await rows(anna)).toEqual([expect.objectContaining({ kind: 'reorder', status: 'sent' })]);
  }, 90_000);

  it('marketing consent revoked (or never given) → nothing is sent, and the reason is kept', async () => {
    const boris = await customer(`boris-${randomUUID()}@example.com`, 'Борис', 'ru-RU', true);
    await setMarketing(boris, false);
    const never = await customer(`never-${randomUUID()}@example.com`, 'Nora', 'en');
    await events.publish(Events.outreachDue, outreach(boris), { key: boris, tenantId: TENANT });
    await events.publish(Events.outreachDue, outreach(never), { key: never, tenantId: TENANT });
    // A consented Russian customer after them: once her message is out, theirs have been decided.
    const vera = await customer(`vera-${randomUUID()}@example.com`, 'Вера Петрова', 'ru-RU', true);
    await events.publish(Events.outreachDue, outreach(vera, { productName: 'Эфиопия Иргачеффе 1 кг' }), { key: vera, tenantId: TENANT });
    const [ru] = await repliesFor(vera, 1);
    expect(ru.text).toMatch(/^Вера, добрый день! Похоже, Эфиопия Иргачеффе 1 кг скоро закончится\. Повторить заказ\?/);
    expect(ru.quickReplies.map((q) => q.label)).toEqual(['Повторить заказ', 'Не сейчас']);

    await eventually(async () => (await rows(boris))[0]?.status === 'suppressed' && (await rows(never))[0]?.status === 'suppressed', 'suppressed', 20_000);
    expect((await rows(boris))[0].reason).toMatch(/no marketing consent/);
    const replies = await readTopic(prefix + Topics.dialogueReplyReady, (rs) => rs.some((r) => r.key === vera), 20_000);
    expect(replies.filter((r) => r.key === boris || r.key === never)).toHaveLength(0);
  }, 90_000);

  it('order updates: payment confirmation at once; delivered → one post-purchase follow-up even when checkout also publishes follow-up-due', async () => {
    const max = await customer(`max-${randomUUID()}@example.com`, 'Max', 'en');
    const orderId = randomUUID();
    await events.publish(Events.orderStatusChanged, orderEvent(max, orderId, CheckoutV1.OrderStatus.ORDER_STATUS_PAID), { key: orderId, tenantId: TENANT });
    const [paid] = await repliesFor(max, 1);
    expect(paid).toMatchObject({ proactive: true, purpose: 'order_update' });
    expect(paid.text).toBe(`Payment received — order ${orderId.slice(0, 8).toUpperCase()} is confirmed. It contains Gooseneck kettle.`);

    await events.publish(Events.orderStatusChanged, orderEvent(max, orderId, CheckoutV1.OrderStatus.ORDER_STATUS_DELIVERED, new Date()), { key: orderId, tenantId: TENANT });
    await events.publish(
      Events.followUpDue,
      { tenantId: TENANT, customerId: max, orderId, conversationId: '', kind: 'first_use_check', lines: [], deliveredAt: toTimestamp(new Date()), dueAt: toTimestamp(new Date()) },
      { key: max, tenantId: TENANT },
    );
    const [, followUp] = await repliesFor(max, 2);
    expect(followUp).toMatchObject({ proactive: true, purpose: 'follow_up' });
    expect(followUp.text).toBe('Hi Max! How is the Gooseneck kettle working out?');
    expect(followUp.quickReplies.map((q) => q.payload)).toEqual(['All good, thanks', 'handoff']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await repliesFor(max, 2)).toHaveLength(2);
    expect((await rows(max)).map((r) => r.dedupe_key)).toEqual([`order:${orderId}:payment_confirmed`, `follow_up:${orderId}`]);
  }, 90_000);

  it('customer-erased deletes the customer\'s proactive messages and conversations, and a scheduled message is never sent', async () => {
    const eve = await customer(`eve-${randomUUID()}@example.com`, 'Eve', 'en', true);
    const dialogue = service.client<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue);
    const { conversationId } = await dialogue.converse({ tenantId: TENANT, customerId: eve, text: 'Hello!', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_API, locale: 'en' } as DialogueV1.ConverseRequest);
    expect(conversationId).toBeTruthy();
    await events.publish(Events.outreachDue, outreach(eve), { key: eve, tenantId: TENANT });
    await repliesFor(eve, 1);
    await events.publish(Events.outreachDue, outreach(eve, { dueAt: toTimestamp(new Date(Date.now() + 86_400_000)) }), { key: eve, tenantId: TENANT });
    await eventually(async () => (await rows(eve)).length === 2, 'scheduled');
    await events.publish(Events.customerErased, { tenantId: TENANT, customerId: eve, erasedAt: toTimestamp(new Date()) }, { key: eve, tenantId: TENANT });
    await eventually(async () => (await rows(eve)).length === 0, 'erased');
    await expect(dialogue.getConversation({ tenantId: TENANT, conversationId, customerId: '' })).rejects.toMatchObject({ code: status.NOT_FOUND });
  }, 60_000);

  it('a malformed event goes to the DLQ and the consumer keeps going', async () => {
    await events.publishRaw(Topics.predictionOutreachDue, '{not json', { ce_id: randomUUID(), ce_type: 'x', ce_source: '/t', ce_specversion: '1.0', tenant_id: TENANT });
    const dlq = await readTopic(prefix + Topics.predictionOutreachDue + '.dlq', 1, 20_000);
    expect(dlq).toHaveLength(1);
    const zoe = await customer(`zoe-${randomUUID()}@example.com`, 'Zoe', 'en', true);
    await events.publish(Events.outreachDue, outreach(zoe), { key: zoe, tenantId: TENANT });
    expect(await repliesFor(zoe, 1)).toHaveLength(1);
  }, 60_000);
});
