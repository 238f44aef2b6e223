import { randomUUID } from 'node:crypto';
import { Consumer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CommonV1, DialogueV1, Events, IdentityV1, IngressV1, InsightsV1, ServiceProtos } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { eventually, startTestService, TestEventPublisher, testKafka, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';
import { pseudonymize } from '../src/facts/domain/pseudonym';
import { readWithJava } from './support/java-consumer';
import { WebhookRecorder } from './support/webhook-recorder';

const PROMO_COMPLAINTS = [
  "Hi, I can't find the promo code field anywhere",
  'где ввести промокод?',
  'не могу найти поле для промокода',
  'Where do I enter my coupon code?? nothing on the checkout page',
  'Подскажите, куда вводить промо-код, не нахожу',
];

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

describe('insights facts, alerts, webhook and streams (real Postgres, Kafka, gRPC, HTTP)', () => {
  const webhook = new WebhookRecorder();
  let service: TestService;
  let insights: UnaryClient<InsightsV1.InsightsServiceClient>;
  let events: TestEventPublisher;
  let prefix: string;
  const seen: Record<string, { key: string; value: Record<string, unknown>; headers: Record<string, string> }[]> = {};
  let tap: Consumer;

  const customerMessage = (tenantId: string, customerId: string, text: string, at: string, messageId = randomUUID()) =>
    events.publish(
      Events.messageReceived,
      IngressV1.MessageReceived.fromJSON({
        message: { messageId, tenantId, channelId: 'web', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, customerId, text, receivedAt: at },
      }),
      { key: customerId, tenantId },
    );

  beforeAll(async () => {
    await webhook.start();
    prefix = testTopicPrefix('insights-facts');
    events = new TestEventPublisher(prefix);
    service = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix,
      INSIGHTS_ALERT_WEBHOOK_URL: webhook.url,
      INSIGHTS_FACT_WAIT_MS: '300',
      INSIGHTS_RAW_TEXT_TENANTS: 'rawco',
      INSIGHTS_ROLLUP_INTERVAL_MS: '1000',
    });
    insights = service.client<InsightsV1.InsightsServiceClient>(ServiceProtos.insights);
    tap = testKafka('insights-tap').consumer({ groupId: `tap-${randomUUID()}` });
    await tap.connect();
    await tap.subscribe({ topics: [Events.conversationFact, Events.alertRaised, Events.metricsRollup].map((e) => prefix + e.topic), fromBeginning: true });
    await tap.run({
      eachMessage: async ({ topic, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        (seen[topic.slice(prefix.length)] ??= []).push({ key: message.key?.toString() ?? '', value: JSON.parse(message.value!.toString()), headers });
      },
    });
  }, 120_000);

  afterAll(async () => {
    await tap?.disconnect();
    await events?.close();
    await service?.close();
    await webhook.stop();
  });

  it('five customers who cannot find the promo-code field (EN/RU) raise exactly one alert with their quotes and a fix: gRPC, webhook and Kafka', async () => {
    const customers = PROMO_COMPLAINTS.map(() => randomUUID());
    for (const [i, text] of PROMO_COMPLAINTS.entries()) await customerMessage('acme', customers[i], text, minutesAgo(30 - i * 5));
    // Noise that must not count: other barriers, and another tenant's friction.
    await customerMessage('acme', randomUUID(), 'This is too expensive', minutesAgo(3));
    await customerMessage('globex', randomUUID(), "I can't find the promo code field", minutesAgo(3));

    await eventually(async () => (await insights.listAlerts({ tenantId: 'acme', range: undefined, page: undefined })).alerts.length === 1, 'one alert', 60_000);
    // A sixth customer adds to the same alert instead of raising another.
    await customerMessage('acme', randomUUID(), 'не вижу, где указать промокод', minutesAgo(1));
    await eventually(async () => (await insights.listAlerts({ tenantId: 'acme', range: undefined, page: undefined })).alerts[0]?.count === '6', 'alert count grows', 60_000);

    const { alerts } = await insights.listAlerts({ tenantId: 'acme', range: undefined, page: undefined });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'threshold', subject: 'ui_friction:promo_code', rule: 'default-ui-friction', acknowledged: false });
    expect(alerts[0].title).toMatch(/promo-code field/);
    expect(alerts[0].suggestedAction).toMatch(/promo-code field visible/);
    for (const quote of PROMO_COMPLAINTS) expect(alerts[0].evidence).toContain(`“${quote}”`);
    expect((await insights.listAlerts({ tenantId: 'globex', range: undefined, page: undefined })).alerts).toEqual([]);

    await eventually(() => webhook.received.length >= 1 && (seen[Events.alertRaised.topic]?.length ?? 0) >= 1, 'webhook and alert-raised', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(webhook.received).toHaveLength(1);
    const posted = webhook.received[0] as { text: string; blocks: unknown[]; alert: { quotes: string[]; count: number } };
    expect(posted.text).toMatch(/promo-code field/);
    expect(posted.blocks.length).toBeGreaterThan(2);
    expect(posted.alert.quotes).toEqual(expect.arrayContaining(PROMO_COMPLAINTS));
    const raised = seen[Events.alertRaised.topic];
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ key: 'acme', headers: { ce_type: 'concierge.insights.v1.AlertRaised', tenant_id: 'acme' } });
    expect((raised[0].value.alert as { evidence: string[] }).evidence).toEqual(expect.arrayContaining(PROMO_COMPLAINTS.map((q) => `“${q}”`)));
    await eventually(async () => (await insights.listAlerts({ tenantId: 'acme', range: undefined, page: undefined })).alerts[0].webhookStatus === 'delivered', 'webhook status');

    // Acknowledged, and more mentions in the same hour do not raise it again.
    await insights.acknowledgeAlert({ tenantId: 'acme', alertId: alerts[0].alertId });
    await customerMessage('acme', randomUUID(), 'where do I enter the promo code?', minutesAgo(0));
    await new Promise((r) => setTimeout(r, 2000));
    expect((await insights.listAlerts({ tenantId: 'acme', range: undefined, page: undefined })).alerts).toHaveLength(1);
  });

  it('publishes one pseudonymous fact per customer message, without text unless the tenant turned it on', async () => {
    await eventually(() => (seen[Events.conversationFact.topic]?.filter((f) => f.headers.tenant_id === 'acme').length ?? 0) >= 8, 'facts on Kafka', 30_000);
    const facts = seen[Events.conversationFact.topic].filter((f) => f.headers.tenant_id === 'acme');
    const promo = facts.filter((f) => (f.value.subjects as string[] | undefined)?.includes('ui_friction:promo_code'));
    expect(promo.length).toBeGreaterThanOrEqual(6);
    for (const f of facts) {
      expect(f.key).toMatch(/^pc_[0-9a-f]{32}$/);
      expect(f.value.pseudonymousCustomerId).toBe(f.key);
      expect(f.value.text ?? '').toBe('');
      expect(JSON.stringify(f.value)).not.toMatch(/promo code field anywhere|промокод\?/);
    }
    expect(new Set(facts.map((f) => f.value.factId)).size).toBe(facts.length);

    await customerMessage('rawco', randomUUID(), 'My email is jane@example.com and the card 4111 1111 1111 1111 was declined', minutesAgo(0));
    await eventually(() => seen[Events.conversationFact.topic].some((f) => f.headers.tenant_id === 'rawco'), 'raw-text fact', 30_000);
    const raw = seen[Events.conversationFact.topic].find((f) => f.headers.tenant_id === 'rawco')!;
    expect(raw.value.text).toBe('My email is [email] and the card [number] was declined');
    expect(raw.value.barriers).toContain('payment');
  });

  it('a plain-Java Kafka consumer (kafka-clients, no Node) reads the conversation-fact topic', async () => {
    const records = await readWithJava(prefix + Events.conversationFact.topic, 5);
    expect(records.length).toBeGreaterThanOrEqual(5);
    for (const r of records) {
      expect(r.ceType).toBe('concierge.insights.v1.ConversationFact');
      expect(r.key).toMatch(/^pc_/);
      expect(r.value).toMatchObject({ factId: expect.any(String), tenantId: r.tenantId });
    }
    expect(records.some((r) => (r.value.barriers as string[] | undefined)?.includes('ui_friction'))).toBe(true);
  }, 180_000);

  it('computes FRT, automation rate, CSAT and takes sentiment and style from turn-completed', async () => {
    const tenantId = 'metrics-co';
    const turn = (o: Record<string, unknown>) =>
      events.publish(Events.turnCompleted, DialogueV1.TurnCompleted.fromJSON({ tenantId, channelKind: 'CHANNEL_KIND_TELEGRAM', turnId: randomUUID(), ...o }), { key: String(o.customerId), tenantId });
    const t0 = Date.now() - 20 * 60_000;
    const iso = (ms: number) => new Date(t0 + ms).toISOString();
    const [alice, bob] = [randomUUID(), randomUUID()];
    const [a, b] = [randomUUID(), randomUUID()];
    // Alice: answered in 2 s, resolved by the assistant, rates 5. Bob: answered in 4 s, needed a human, rates 3.
    await turn({ customerId: alice, conversationId: a, inboundMessageId: randomUUID(), customerText: 'Is the Oak Shelf wall mount strong?', replyText: 'Yes', receivedAt: iso(0), repliedAt: iso(2000), sentiment: 0.4, decisionStyle: 'rational', intent: 'product_question' });
    await turn({ customerId: alice, conversationId: a, inboundMessageId: randomUUID(), customerText: 'thanks!', replyText: 'Glad to help', receivedAt: iso(60_000), repliedAt: iso(61_000), sentiment: 0.8, decisionStyle: 'rational', resolution: 'ai_resolved' });
    await turn({ customerId: alice, conversationId: a, inboundMessageId: randomUUID(), customerText: '5', receivedAt: iso(70_000), csatScore: 5 });
    await turn({ customerId: bob, conversationId: b, inboundMessageId: randomUUID(), customerText: 'My parcel never arrived, this is terrible', replyText: 'Sorry', receivedAt: iso(0), repliedAt: iso(4000), sentiment: -0.7, decisionStyle: 'anxious' });
    await turn({ customerId: bob, conversationId: b, inboundMessageId: randomUUID(), customerText: 'ok', replyText: 'Resent', receivedAt: iso(120_000), repliedAt: iso(130_000), handledByHuman: true, resolution: 'human_resolved', csatScore: 3 });

    await eventually(async () => (await insights.getDashboard({ tenantId, range: undefined })).csatResponses === '2', 'csat answers', 30_000);
    const d = await insights.getDashboard({ tenantId, range: undefined });
    expect(d.firstResponseSeconds).toBeCloseTo(3, 5);
    expect(d.automationRate).toBeCloseTo(0.5, 5);
    expect(d.resolvedConversations).toBe('2');
    expect(d.csat).toBeCloseTo(4, 5);
    expect(d.resolutionSeconds).toBeCloseTo((61 + 130) / 2, 5);
    expect(d.decisionStyles.map((s) => s.topic).sort()).toEqual(['anxious', 'rational']);
    expect(d.topBarriers.map((t) => t.topic)).toEqual(expect.arrayContaining(['delivery', 'complaint']));

    await eventually(() => (seen[Events.conversationFact.topic] ?? []).some((f) => f.headers.tenant_id === tenantId && f.value.decisionStyle === 'anxious'), 'turn fact', 30_000);
    const bobFact = seen[Events.conversationFact.topic].find((f) => f.headers.tenant_id === tenantId && f.value.decisionStyle === 'anxious')!;
    expect(bobFact.value).toMatchObject({ sentiment: -0.7, conversationId: b, channelKind: 'CHANNEL_KIND_TELEGRAM' });

    const metrics = await insights.getMetrics({ tenantId, names: ['first_response_seconds', 'csat'], range: undefined, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, page: { pageSize: 1, pageToken: '' } });
    expect(metrics.points).toHaveLength(1);
    expect(metrics.page?.nextPageToken).toBe('1');
    await eventually(() => (seen[Events.metricsRollup.topic] ?? []).some((r) => r.key === tenantId && (r.value.points as unknown[]).length > 0), 'metrics rollup', 30_000);
  });

  it('forgets an erased customer: quotes and pseudonym go, counts stay', async () => {
    const customerId = randomUUID();
    await customerMessage('erase-co', customerId, 'my parcel never arrived, call me on +44 20 7946 0958', minutesAgo(1));
    const db = service.app.get(DataSource);
    const pseudonym = pseudonymize(service.env.INSIGHTS_PSEUDONYM_KEY ?? 'concierge-dev-pseudonym-key-change-me', 'erase-co', customerId);
    await eventually(async () => (await db.query(`SELECT 1 FROM conversation_facts WHERE pseudonymous_customer_id = $1`, [pseudonym])).length === 1, 'fact stored');
    const [stored] = await db.query(`SELECT quote FROM conversation_facts WHERE pseudonymous_customer_id = $1`, [pseudonym]);
    expect(stored.quote).toBe('my parcel never arrived, call me on [phone]');
    await events.publish(Events.customerErased, IdentityV1.CustomerErased.fromJSON({ tenantId: 'erase-co', customerId }), { key: customerId, tenantId: 'erase-co' });
    await eventually(async () => (await db.query(`SELECT 1 FROM conversation_facts WHERE pseudonymous_customer_id = $1`, [pseudonym])).length === 0, 'erased');
    const [left] = await db.query(`SELECT quote, barriers FROM conversation_facts WHERE tenant_id = 'erase-co'`);
    expect(left).toEqual({ quote: null, barriers: ['delivery'] });
  });

  it('serves the meaning cloud over 5 min / 1 h / 24 h windows and rejects bad rules', async () => {
    const cloud = await insights.getMeaningCloud({ tenantId: 'acme', window: '1h', limit: 10, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED });
    expect(cloud.barriers[0]).toMatchObject({ topic: 'ui_friction', kind: 'barrier' });
    expect(Number(cloud.barriers[0].count)).toBeGreaterThanOrEqual(6);
    expect(cloud.phrases.map((p) => p.topic)).toContain('promo code');
    await expect(insights.getMeaningCloud({ tenantId: 'acme', window: '7d', limit: 0, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED })).rejects.toMatchObject({ errorCode: 'RANGE_INVALID' });
    await expect(insights.putAlertRule({ rule: { ruleId: '', tenantId: 'acme', kind: 'sometimes', match: 'x', threshold: 1, windowMinutes: 5, spikeFactor: 0, enabled: true } })).rejects.toMatchObject({ errorCode: 'RULE_INVALID' });
    const { rule } = await insights.putAlertRule({ rule: { ruleId: 'payment-fast', tenantId: 'acme', kind: 'threshold', match: 'payment', threshold: 2, windowMinutes: 5, spikeFactor: 0, enabled: true } });
    expect((await insights.listAlertRules({ tenantId: 'acme' })).rules).toContainEqual(rule);
  });
});
