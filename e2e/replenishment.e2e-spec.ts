import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { CheckoutV1, CommonV1, Events, fromTimestamp, IdentityV1, PredictionV1, ServiceProtos, toTimestamp } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { cloudEventHeaders } from '@concierge/kafka';
import { eventually, FakeTelegramApi, SpawnedService, spawnService, telegramTextUpdate, TEST_INTERNAL_API_KEY, testTopicPrefix } from '@concierge/testing';
import { DEMO_TENANT, seedDemoTenant } from '../tools/demo/seed';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Replenishment end to end: all six services as processes. A customer who bought 250 g of coffee every
 * ~28 days gets a reorder message from the agent on Telegram on the day and at the hour prediction
 * planned; a customer who opted out of marketing gets nothing; the reorder goes through checkout.
 */
describe('end to end: a reorder nudge at the right day and hour, through the agent, on the customer\'s channel', () => {
  const telegram = new FakeTelegramApi();
  const services: Record<string, SpawnedService> = {};
  let ingressUrl = '';
  let prefix = '';
  let producer: Producer;
  let identity: UnaryClient<IdentityV1.IdentityServiceClient>;
  let prediction: UnaryClient<PredictionV1.PredictionServiceClient>;
  let checkout: UnaryClient<CheckoutV1.CheckoutServiceClient>;
  // Quiet hours are set 12-18 hours away from the hour the test starts in, so it runs at any time of day.
  const startHour = new Date().getUTCHours();

  beforeAll(async () => {
    await telegram.start();
    prefix = testTopicPrefix('e2e-replenishment');
    const common = { KAFKA_TOPIC_PREFIX: prefix };
    services.identity = await spawnService('identity-graph', common);
    services.checkout = await spawnService('commerce-checkout', { ...common, IDENTITY_GRPC_ADDR: services.identity.grpcAddress });
    const addresses = { ...common, IDENTITY_GRPC_ADDR: services.identity.grpcAddress, CHECKOUT_GRPC_ADDR: services.checkout.grpcAddress };
    services.prediction = await spawnService('prediction', {
      ...addresses, OUTREACH_SCAN_INTERVAL_MS: '0', OUTREACH_QUIET_START_HOUR: String((startHour + 12) % 24), OUTREACH_QUIET_END_HOUR: String((startHour + 18) % 24),
    });
    const [ingress, dialogue, insights] = await Promise.all([
      spawnService('channel-ingress', { ...addresses, TELEGRAM_API_BASE_URL: telegram.baseUrl }),
      spawnService('dialogue-agent', { ...addresses, PREDICTION_GRPC_ADDR: services.prediction.grpcAddress, PROACTIVE_QUIET_HOURS: '', PROACTIVE_SWEEP_MS: '500' }),
      spawnService('insights', addresses),
    ]);
    Object.assign(services, { ingress, dialogue, insights });
    ingressUrl = ingress.httpUrl;
    await seedDemoTenant({
      apiKey: TEST_INTERNAL_API_KEY,
      addresses: { ingress: ingress.grpcAddress, identity: services.identity.grpcAddress, dialogue: dialogue.grpcAddress, prediction: services.prediction.grpcAddress, checkout: services.checkout.grpcAddress, insights: insights.grpcAddress },
      telegram: { webhookSecret: 'e2e-secret', botToken: 'e2e-token' },
    });
    const opts = { apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 20_000 };
    identity = createGrpcClient(ServiceProtos.identity, { address: services.identity.grpcAddress, ...opts });
    prediction = createGrpcClient(ServiceProtos.prediction, { address: services.prediction.grpcAddress, ...opts });
    checkout = createGrpcClient(ServiceProtos.checkout, { address: services.checkout.grpcAddress, ...opts });
    producer = new Kafka({ clientId: 'e2e-replenishment', brokers: process.env.KAFKA_BROKERS!.split(',') }).producer();
    await producer.connect();
  }, 300_000);

  afterAll(async () => {
    await producer?.disconnect();
    [identity, prediction, checkout].forEach((c) => c?.close());
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await telegram.stop();
  });

  let updateId = 7_000_000;
  const send = (update: object) =>
    fetch(`${ingressUrl}/v1/webhooks/telegram/demo-telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'e2e-secret' },
      body: JSON.stringify(update),
    });
  const press = (userId: number, data: string) =>
    send({ update_id: ++updateId, callback_query: { id: `cb-${updateId}`, from: { id: userId, is_bot: false, first_name: 'Mila' }, message: { message_id: 1, chat: { id: userId, type: 'private' } }, data } });
  const toChat = (chatId: number) => telegram.sent().filter((c) => String(c.body.chat_id) === String(chatId));

  /**
   * The UTC hour the next few minutes fall in. Near the end of an hour it first waits for the next one, so that
   * customers who write now all write in the same hour (their best contact hour), whenever the test runs.
   */
  async function hourWithRoom(room: number): Promise<number> {
    const left = HOUR - (Date.now() % HOUR);
    if (left < room) await new Promise((r) => setTimeout(r, left + 1_000));
    return new Date().getUTCHours();
  }

  /** A Telegram customer with four coffee orders 28 days apart, the last one at `last`, who writes now. */
  async function coffeeCustomer(userId: number, productId: string, last: number): Promise<string> {
    for (const text of ['Hello', 'What coffee do you have?', 'Thanks!']) {
      const before = toChat(userId).length;
      expect((await send(telegramTextUpdate(++updateId, userId, text, 'Mila'))).status).toBe(200);
      await eventually(() => toChat(userId).length > before, 'agent reply', 30_000);
    }
    const { customerId } = await identity.resolveIdentity({ tenantId: DEMO_TENANT, type: IdentityV1.IdentifierType.IDENTIFIER_TYPE_TELEGRAM_USER, value: String(userId), hints: [], displayName: '', locale: '', verified: false, defaultRegion: '', source: '' });
    for (const k of [3, 2, 1, 0]) {
      const orderId = `hist-${randomUUID()}`;
      const order = {
        orderId, tenantId: DEMO_TENANT, customerId, status: CheckoutV1.OrderStatus.ORDER_STATUS_DELIVERED, placedAt: toTimestamp(new Date(last - k * 28 * DAY)),
        lines: [{ productId, name: 'Ethiopia Yirgacheffe 250 g', quantity: 1, unitPrice: { amountMinor: '1290', currency: 'EUR' } }],
      } as CheckoutV1.Order;
      const headers = cloudEventHeaders({ id: randomUUID(), type: Events.orderPlaced.type, source: '/e2e/history', time: new Date().toISOString(), subject: customerId, tenantId: DEMO_TENANT, correlationId: orderId });
      await producer.send({ topic: prefix + Events.orderPlaced.topic, messages: [{ key: customerId, value: JSON.stringify(Events.orderPlaced.codec.toJSON({ order })), headers }] });
    }
    await eventually(async () => (await prediction.getPurchaseHistory({ tenantId: DEMO_TENANT, customerId })).purchases.length === 4, 'history projected', 30_000);
    return customerId;
  }

  it('sends the reorder on the planned day and hour, nothing to an opted-out customer, and the reorder is one confirmation', async () => {
    const { products } = await checkout.searchProducts({ tenantId: DEMO_TENANT, query: 'Ethiopia Yirgacheffe 250', tags: [], page: { pageSize: 5, pageToken: '' } } as CheckoutV1.SearchProductsRequest);
    const coffee = products.find((p) => p.packSize === '250 g' && /Yirgacheffe/.test(p.name))!;
    expect(coffee).toBeDefined();

    const [probe, anna, boris] = [880100, 880101, 880102];
    // A first customer's forecast tells how long a pack lasts for a 28-day rhythm under this tenant's priors. Her
    // last pack is recent enough that her own reorder (~18 days away) is never within the scan's one day of slack,
    // whatever the hour the test runs at (24 days ago put it there around midnight UTC).
    const probeLast = Date.now() - 10 * DAY;
    const probeId = await coffeeCustomer(probe, coffee.productId, probeLast);
    await prediction.fitCustomerModel({ tenantId: DEMO_TENANT }).catch(() => undefined); // the batch: product priors from the population
    const [probeForecast] = (await prediction.getReplenishmentForecasts({ tenantId: DEMO_TENANT, customerId: probeId })).forecasts;
    const daysPerPack = (fromTimestamp(probeForecast.predictedRunOutAt)!.getTime() - probeLast) / DAY;
    expect(daysPerPack).toBeGreaterThan(25); // ~28 days a pack, pulled a little toward the catalog's 21
    expect(daysPerPack).toBeLessThan(28.5);

    // Anna and Boris have the same rhythm, timed so that their coffee runs out in two days (the lead time) minus half
    // an hour: the planned outreach is today at the hour they write in, which has just begun. Boris opted out.
    const hour = await hourWithRoom(3 * 60_000);
    const writing = Date.now();
    const last = Date.now() + 2 * DAY - 30 * 60_000 - daysPerPack * DAY;
    const annaId = await coffeeCustomer(anna, coffee.productId, last);
    const borisId = await coffeeCustomer(boris, coffee.productId, last);
    // Both wrote within that hour (if not, the room asked for above is too small for how long writing took).
    expect({ hourAfterWriting: new Date().getUTCHours(), tookMs: Date.now() - writing }).toMatchObject({ hourAfterWriting: hour });
    await identity.setConsent({ tenantId: DEMO_TENANT, customerId: borisId, purpose: IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, granted: false, source: 'e2e opt-out' });
    // A returning customer: her delivery address is in her profile.
    await identity.setProfileAttributes({ tenantId: DEMO_TENANT, customerId: annaId, source: 'e2e', attributes: [{ key: 'address.home', value: 'Storgata 1, 0155 Oslo, Norway', source: 'e2e', updatedAt: undefined }] });
    await identity.setConsent({ tenantId: DEMO_TENANT, customerId: annaId, purpose: IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, granted: true, source: 'e2e opt-in' });
    const [forecast] = (await prediction.getReplenishmentForecasts({ tenantId: DEMO_TENANT, customerId: annaId })).forecasts;
    const plannedDay = new Date(fromTimestamp(forecast.predictedRunOutAt)!.getTime() - 2 * DAY);
    const planned = new Date(Date.UTC(plannedDay.getUTCFullYear(), plannedDay.getUTCMonth(), plannedDay.getUTCDate(), hour));
    const nba = await prediction.getNextBestAction({ tenantId: DEMO_TENANT, customerId: annaId });
    expect(nba.kind).toBe(PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_REORDER);
    expect(fromTimestamp(nba.dueAt)).toEqual(planned);

    const sentBefore = { anna: toChat(anna).length, boris: toChat(boris).length };
    const early = await prediction.runOutreachScan({ tenantId: DEMO_TENANT, asOf: toTimestamp(new Date(planned.getTime() - 60_000)) });
    expect(early.emitted).toEqual([]);
    // The agent sends at due_at by the wall clock, so this scan runs as of now (the planned hour has begun).
    const due = await prediction.runOutreachScan({ tenantId: DEMO_TENANT, asOf: toTimestamp(new Date(Math.max(Date.now(), planned.getTime()))) });
    expect({ emitted: due.emitted.map((e) => e.customerId), skipped: due.skipped }).toEqual({ emitted: [annaId], skipped: 1 }); // Boris: no consent
    expect(fromTimestamp(due.emitted[0].dueAt)).toEqual(planned);

    await eventually(() => toChat(anna).length > sentBefore.anna, 'proactive reorder message on Telegram', 120_000);
    const nudge = toChat(anna)[sentBefore.anna].body as { text: string; reply_markup?: { inline_keyboard?: { callback_data: string }[][] } };
    expect(nudge.text).toMatch(/Yirgacheffe|coffee/i);
    const buttons = (nudge.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data);
    expect(buttons).toContain(`add:${coffee.productId}`);
    expect(toChat(boris)).toHaveLength(sentBefore.boris);

    const ordersBefore = (await checkout.listOrders({ tenantId: DEMO_TENANT, customerId: annaId, page: { pageSize: 50, pageToken: '' } } as CheckoutV1.ListOrdersRequest)).orders.length;
    let seen = toChat(anna).length;
    await press(anna, `add:${coffee.productId}`);
    // From the reorder button to the order the customer confirms exactly once; the steps in between (checkout, a
    // delivery or pick-up choice) are navigation the agent offers as buttons.
    const buttonsOf = (from: number) =>
      toChat(anna).slice(from).flatMap((r) => ((r.body as { reply_markup?: { inline_keyboard?: { callback_data: string }[][] } }).reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data));
    let confirm: string | undefined;
    const path: string[] = [];
    for (let step = 0; step < 4 && !confirm; step++) {
      await eventually(() => toChat(anna).length > seen, `agent reply to ${path[path.length - 1] ?? 'reorder'}`, 60_000).catch((err: Error) => {
        throw new Error(`${err.message}; path so far: ${path.join(' → ')}`);
      });
      await new Promise((r) => setTimeout(r, 1500)); // the agent may answer in more than one message
      const data = buttonsOf(seen);
      confirm = data.find((d) => d.startsWith('confirm:'));
      if (confirm) break;
      const next = data.find((d) => !d.startsWith('add:') && !d.startsWith('snooze:') && d !== 'handoff');
      if (!next) throw new Error(`no way forward after ${path.join(' → ')}: ${toChat(anna).slice(seen).map((r) => JSON.stringify(r.body).slice(0, 300)).join(' | ')}`);
      path.push(next);
      seen = toChat(anna).length;
      await press(anna, next);
    }
    expect(confirm).toBeDefined();
    expect(path.filter((p) => p.startsWith('confirm'))).toEqual([]);
    seen = toChat(anna).length;
    await press(anna, confirm!);
    await eventually(async () => (await checkout.listOrders({ tenantId: DEMO_TENANT, customerId: annaId, page: { pageSize: 50, pageToken: '' } } as CheckoutV1.ListOrdersRequest)).orders.length > ordersBefore, 'reorder placed in checkout', 60_000);
    const [newest] = (await checkout.listOrders({ tenantId: DEMO_TENANT, customerId: annaId, page: { pageSize: 1, pageToken: '' } } as CheckoutV1.ListOrdersRequest)).orders;
    expect(newest.lines.map((l) => l.productId)).toContain(coffee.productId);
    await eventually(() => toChat(anna).length > seen, 'order confirmation message', 60_000);
  }, 300_000);
});
