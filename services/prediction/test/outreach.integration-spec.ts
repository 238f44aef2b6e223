import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { CheckoutV1, CommonV1, DialogueV1, EventDescriptor, Events, PredictionV1, ServiceProtos, toTimestamp } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { cloudEventHeaders } from '@concierge/kafka';
import { eventually, readTopic, ReadRecord, startTestService, TestService, testKafka, testTopicPrefix } from '@concierge/testing';
import { Producer } from 'kafkajs';
import { AppModule, SERVICE } from '../src/app.module';
import { Clock, CLOCK } from '../src/clock';
import { FakeUpstreams } from './support/fake-upstreams';

const TENANT = 'acme';
const at = (iso: string) => toTimestamp(new Date(iso));
const iso = (ts: { seconds: string } | undefined) => (ts ? new Date(Number(ts.seconds) * 1000).toISOString() : undefined);

function order(customerId: string, orderId: string, placedAt: string, productId: string, quantity = 1): CheckoutV1.Order {
  return {
    orderId, tenantId: TENANT, customerId, status: CheckoutV1.OrderStatus.ORDER_STATUS_PAID, placedAt: at(placedAt),
    lines: [{ productId, name: productId, quantity, unitPrice: { amountMinor: '890', currency: 'EUR' } }],
  } as CheckoutV1.Order;
}

/** A customer who buys 250 g of coffee every 28 days and answers in the evening (19:00 UTC) on Telegram. */
const COFFEE_DAYS = ['2026-01-05T10:00:00Z', '2026-02-02T10:00:00Z', '2026-03-02T10:00:00Z', '2026-03-30T10:00:00Z'];

describe('outreach (real Postgres, Kafka and gRPC; identity and checkout as fake gRPC servers)', () => {
  const upstreams = new FakeUpstreams();
  let service: TestService;
  let prediction: UnaryClient<PredictionV1.PredictionServiceClient>;
  let producer: Producer;
  let prefix: string;
  let clock: Clock;
  const outreachTopic = () => prefix + Events.outreachDue.topic;

  const publish = async <T>(event: EventDescriptor<T>, payload: T, key: string) => {
    const id = randomUUID();
    const headers = cloudEventHeaders({ id, type: event.type, source: '/test', time: new Date().toISOString(), subject: key, tenantId: TENANT, correlationId: id });
    await producer.send({ topic: prefix + event.topic, messages: [{ key, value: JSON.stringify(event.codec.toJSON(payload)), headers }] });
  };
  const turn = (customerId: string, receivedAt: string, channelKind = CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM) =>
    ({ tenantId: TENANT, customerId, conversationId: randomUUID(), turnId: randomUUID(), inboundMessageId: randomUUID(), channelKind, customerText: 'thanks', replyText: 'you are welcome', receivedAt: at(receivedAt), repliedAt: at(receivedAt) }) as unknown as DialogueV1.TurnCompleted;
  const history = async (customerId: string) => (await prediction.getPurchaseHistory({ tenantId: TENANT, customerId })).purchases;

  async function coffeeDrinker(): Promise<string> {
    const customer = randomUUID();
    upstreams.customers.set(customer, { timezone: 'UTC', attributes: { region: 'Oslo' } });
    for (const day of ['2026-02-10T19:05:00Z', '2026-03-03T19:40:00Z', '2026-03-15T18:50:00Z', '2026-03-31T19:15:00Z'])
      await publish(Events.turnCompleted, turn(customer, day), customer);
    for (const [i, day] of COFFEE_DAYS.entries()) await publish(Events.orderPlaced, { order: order(customer, `o-${customer}-${i}`, day, 'coffee-250g') }, customer);
    await eventually(async () => (await history(customer)).length === COFFEE_DAYS.length, 'coffee orders projected');
    return customer;
  }

  const scan = (asOf: string) => prediction.runOutreachScan({ tenantId: TENANT, asOf: at(asOf) });

  beforeAll(async () => {
    upstreams.products.set('coffee-250g', { name: 'Ethiopia Yirgacheffe 250 g', packSize: '250 g', typicalDaysOfUse: 30, tags: ['coffee'] });
    upstreams.products.set('parka', { name: 'Warm parka', tags: ['winter', 'jacket'] });
    await upstreams.start();
    prefix = testTopicPrefix('prediction-outreach');
    service = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix, OUTREACH_SCAN_INTERVAL_MS: '0', IDENTITY_GRPC_ADDR: upstreams.address, CHECKOUT_GRPC_ADDR: upstreams.address,
    });
    prediction = service.client<PredictionV1.PredictionServiceClient>(ServiceProtos.prediction);
    clock = service.app.get(CLOCK);
    producer = testKafka('prediction-outreach-test').producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
    await upstreams.stop();
  });

  it('emits one reorder on outreach-due two days before the coffee runs out, at the hour the customer answers, on their channel', async () => {
    const customer = await coffeeDrinker();
    const optedOut = await coffeeDrinker();
    upstreams.consent.set(optedOut, false);
    const withCart = await coffeeDrinker();
    upstreams.carts.set(withCart, ['coffee-250g']);

    const [forecast] = (await prediction.getReplenishmentForecasts({ tenantId: TENANT, customerId: customer })).forecasts;
    expect(forecast).toMatchObject({ productId: 'coffee-250g', intervalsObserved: 3, usualQuantity: 1 });
    expect(iso(forecast.predictedRunOutAt)!.slice(0, 10)).toBe('2026-04-27');
    expect(forecast.dailyConsumption).toBeGreaterThan(8.5); // grams a day: 250 g over ~28 days
    expect(forecast.dailyConsumption).toBeLessThan(9.3);
    expect(new Date(iso(forecast.bandStart)!).getTime()).toBeLessThan(new Date(iso(forecast.predictedRunOutAt)!).getTime());

    expect((await scan('2026-04-24T19:30:00Z')).emitted).toEqual([]);
    expect((await scan('2026-04-25T18:55:00Z')).emitted).toEqual([]);
    const due = await scan('2026-04-25T19:10:00Z');
    expect(due.emitted.map((e) => e.customerId)).toEqual([customer]);
    expect(iso(due.emitted[0].dueAt)).toBe('2026-04-25T19:00:00.000Z');
    expect((await scan('2026-04-25T19:40:00Z')).emitted).toEqual([]);

    const records: ReadRecord[] = await readTopic(outreachTopic(), 1);
    expect(records).toHaveLength(1);
    expect(records[0].key).toBe(customer);
    expect(records[0].headers.ce_type).toBe(Events.outreachDue.type);
    const payload = Events.outreachDue.codec.fromJSON(JSON.parse(records[0].value));
    expect(payload).toMatchObject({
      tenantId: TENANT, customerId: customer, productId: 'coffee-250g', productName: 'Ethiopia Yirgacheffe 250 g', quantity: 1,
      action: PredictionV1.OutreachAction.OUTREACH_ACTION_REORDER, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM, requiresTemplate: false,
    });
    expect(payload.reason).toMatch(/runs out around 2026-04-27/);
    expect(iso(payload.dueAt)).toBe('2026-04-25T19:00:00.000Z');
    expect(upstreams.calls.some((c) => c.method === 'CheckConsent' && (c.request as { customerId: string }).customerId === optedOut)).toBe(true);
  });

  it('starts a new cycle after the next order, and the next best action follows the clock', async () => {
    const customer = await coffeeDrinker();
    clock.now = () => new Date('2026-04-25T12:00:00Z');
    const nba = await prediction.getNextBestAction({ tenantId: TENANT, customerId: customer });
    expect(nba.kind).toBe(PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_REORDER);
    expect(nba.reason).toMatch(/coffee-250g runs out around 2026-04-27/);
    clock.now = () => new Date('2026-04-03T12:00:00Z');
    expect((await prediction.getNextBestAction({ tenantId: TENANT, customerId: customer })).kind).toBe(PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_FOLLOW_UP);
    clock.now = () => new Date('2026-04-17T12:00:00Z');
    const nothing = await prediction.getNextBestAction({ tenantId: TENANT, customerId: customer });
    expect(nothing.kind).toBe(PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_NOTHING);
    expect(nothing.reason).toMatch(/next run-out coffee-250g around 2026-04-27/);

    await publish(Events.orderPlaced, { order: order(customer, `o-${customer}-early`, '2026-04-24T09:00:00Z', 'coffee-250g', 2) }, customer);
    await eventually(async () => (await history(customer)).length === COFFEE_DAYS.length + 1, 'new order projected');
    const [f] = (await prediction.getReplenishmentForecasts({ tenantId: TENANT, customerId: customer })).forecasts;
    // Two packs bought on 24 April last about 56 days.
    expect(iso(f.predictedRunOutAt)!.slice(0, 7)).toBe('2026-06');
    clock.now = () => new Date();
  });

  it('scores churn with the tenant BG/NBD and refits it on demand', async () => {
    const customer = await coffeeDrinker();
    // Customers who bought a few times in early 2025 and never came back: the model learns that people leave.
    const lapsed = Array.from({ length: 8 }, () => randomUUID());
    for (const c of lapsed)
      for (const [i, d] of ['2025-01-03', '2025-01-20', '2025-02-05'].entries())
        await publish(Events.orderPlaced, { order: order(c, `l-${c}-${i}`, `${d}T10:00:00Z`, 'tea') }, c);
    await eventually(async () => (await history(lapsed[7])).length === 3, 'lapsed customers projected');
    clock.now = () => new Date('2026-04-20T12:00:00Z');
    const fit = await prediction.fitCustomerModel({ tenantId: TENANT });
    expect(fit.customers).toBeGreaterThanOrEqual(5);
    expect(fit.r).toBeGreaterThan(0);
    const active = await prediction.getChurnScore({ tenantId: TENANT, customerId: customer });
    clock.now = () => new Date('2027-06-01T12:00:00Z');
    const gone = await prediction.getChurnScore({ tenantId: TENANT, customerId: customer });
    clock.now = () => new Date();
    expect(active.purchasesObserved).toBe(4);
    expect(active.probabilityAlive).toBeGreaterThan(gone.probabilityAlive);
    expect(gone.churnRisk).toBeCloseTo(1 - gone.probabilityAlive, 10);
    // protobufjs spells the field expectedPurchases_90d on the wire-side object (ts-proto: expectedPurchases90d).
    const expected90 = (c: object) => (c as Record<string, number>).expectedPurchases_90d ?? (c as Record<string, number>).expectedPurchases90d;
    expect(expected90(active)).toBeGreaterThan(expected90(gone));
    expect(expected90(active)).toBeGreaterThan(0.5);
  });

  it('turns a cold snap in a region into outreach for the warm products of its customers', async () => {
    const customer = await coffeeDrinker();
    const elsewhere = randomUUID();
    upstreams.customers.set(elsewhere, { timezone: 'UTC', attributes: { region: 'Madrid' } });
    await publish(Events.orderPlaced, { order: order(elsewhere, `o-${elsewhere}`, '2026-03-01T10:00:00Z', 'coffee-250g') }, elsewhere);
    await eventually(async () => (await history(elsewhere)).length === 1, 'order of the customer elsewhere');

    clock.now = () => new Date('2026-11-02T16:00:00Z');
    const res = await prediction.submitContextSignal({
      tenantId: TENANT, kind: 'cold_snap', region: 'oslo', attributes: { detail: '-15 °C from Thursday' }, productTags: ['winter'], emit: true, validUntil: at('2026-11-09T00:00:00Z'),
    });
    clock.now = () => new Date();
    expect(res.candidateOutreach).toBeGreaterThanOrEqual(1);
    const records = await readTopic(outreachTopic(), (r) => r.some((x) => JSON.parse(x.value).signalId === res.signalId && JSON.parse(x.value).customerId === customer));
    const mine = records.map((r) => Events.outreachDue.codec.fromJSON(JSON.parse(r.value))).filter((p) => p.signalId === res.signalId);
    expect(mine.map((p) => p.customerId)).toContain(customer);
    expect(mine.map((p) => p.customerId)).not.toContain(elsewhere);
    expect(mine.find((p) => p.customerId === customer)).toMatchObject({ productId: 'parka', action: PredictionV1.OutreachAction.OUTREACH_ACTION_TRY_NEW_PRODUCT });
    expect(mine[0].reason).toMatch(/cold_snap in oslo/);

    await expect(prediction.submitContextSignal({ tenantId: TENANT, kind: 'cold_snap', region: 'oslo', attributes: {}, productTags: [], emit: false, validUntil: undefined }))
      .rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'SIGNAL_INVALID' });
  });

  it('backfills a customer\'s past orders from CheckoutService.ListOrders, page by page, once', async () => {
    const customer = randomUUID();
    upstreams.orders = ['2026-01-01', '2026-01-15', '2026-01-29', '2026-02-12', '2026-02-26'].map((d, i) => order(customer, `bf-${customer}-${i}`, `${d}T09:00:00Z`, 'coffee-250g'));
    upstreams.orders.push({ ...order(customer, `bf-${customer}-x`, '2026-03-01T09:00:00Z', 'coffee-250g'), status: CheckoutV1.OrderStatus.ORDER_STATUS_CANCELLED });
    const first = await prediction.backfillPurchases({ tenantId: TENANT, customerId: customer });
    expect(first).toEqual({ ordersRead: 6, purchasesAdded: 5 });
    expect(await prediction.backfillPurchases({ tenantId: TENANT, customerId: customer })).toEqual({ ordersRead: 6, purchasesAdded: 0 });
    expect(await history(customer)).toHaveLength(5);
    const [f] = (await prediction.getReplenishmentForecasts({ tenantId: TENANT, customerId: customer })).forecasts;
    expect(f.intervalsObserved).toBe(4);
    expect(iso(f.predictedRunOutAt)!.slice(0, 10)).toBe('2026-03-12');
  });
});
