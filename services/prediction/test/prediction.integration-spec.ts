import { status } from '@grpc/grpc-js';
import { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { CheckoutV1, CommonV1, DialogueV1, EventDescriptor, IdentityV1, Events, PredictionV1, ServiceProtos, toTimestamp } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { cloudEventHeaders } from '@concierge/kafka';
import { eventually, readTopic, startTestService, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';
import { CustomerActivityRepository } from '../src/customers/persistence/customer-activity.repository';

const TENANT = 'acme';
const at = (iso: string) => toTimestamp(new Date(iso));

function orderPlaced(customerId: string, orderId: string, placedAt: string, lines: [string, number][]): CheckoutV1.OrderPlaced {
  return {
    order: {
      orderId, tenantId: TENANT, customerId, total: { amountMinor: '1000', currency: 'EUR' },
      status: CheckoutV1.OrderStatus.ORDER_STATUS_PLACED, placedAt: at(placedAt),
      lines: lines.map(([productId, quantity]) => ({ productId, name: productId, quantity, unitPrice: { amountMinor: '500', currency: 'EUR' } })),
    } as CheckoutV1.Order,
  };
}

describe('prediction (real Postgres, Kafka and gRPC)', () => {
  let service: TestService;
  let prediction: UnaryClient<PredictionV1.PredictionServiceClient>;
  let producer: Producer;
  let prefix: string;

  const publish = async <T>(event: EventDescriptor<T>, payload: T, key: string, eventId = randomUUID()) => {
    const headers = cloudEventHeaders({ id: eventId, type: event.type, source: '/test', time: new Date().toISOString(), subject: key, tenantId: TENANT, correlationId: eventId });
    await producer.send({ topic: prefix + event.topic, messages: [{ key, value: JSON.stringify(event.codec.toJSON(payload)), headers }] });
    return eventId;
  };
  const history = async (customerId: string, tenantId = TENANT) => (await prediction.getPurchaseHistory({ tenantId, customerId })).purchases;
  const productsOf = async (customerId: string) => (await history(customerId)).map((p) => `${p.orderId}/${p.productId}x${p.quantity}`);
  /** Test topics have one partition: once the marker shows, every order published before it was applied. */
  const placeMarker = async (customerId: string) => {
    const orderId = `marker-${randomUUID()}`;
    await publish(Events.orderPlaced, orderPlaced(customerId, orderId, '2026-01-01T00:00:00Z', [['marker', 1]]), customerId);
    await eventually(async () => (await history(customerId)).some((p) => p.orderId === orderId), 'marker order');
  };

  beforeAll(async () => {
    prefix = testTopicPrefix('prediction');
    service = await startTestService(AppModule, SERVICE, { KAFKA_TOPIC_PREFIX: prefix, TENANT_API_KEYS: 'acme:acme-secret-key', OUTREACH_SCAN_INTERVAL_MS: '0', IDENTITY_GRPC_ADDR: '127.0.0.1:9', CHECKOUT_GRPC_ADDR: '127.0.0.1:9' });
    prediction = service.client<PredictionV1.PredictionServiceClient>(ServiceProtos.prediction);
    producer = new Kafka({ clientId: 'prediction-test', brokers: process.env.KAFKA_BROKERS!.split(',') }).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.close();
  });

  it('records each order line once, newest order first, however often the event is delivered', async () => {
    const customer = randomUUID();
    const first = orderPlaced(customer, 'order-1', '2026-03-01T10:00:00Z', [['coffee-250g', 2], ['filters', 1], ['coffee-250g', 1]]);
    const eventId = await publish(Events.orderPlaced, first, customer);
    await publish(Events.orderPlaced, first, customer, eventId);
    await publish(Events.orderPlaced, first, customer);
    await publish(Events.orderPlaced, orderPlaced(customer, 'order-2', '2026-04-01T10:00:00Z', [['tea', 4]]), customer);
    await eventually(async () => (await history(customer)).length === 3, 'both orders in the history');
    await placeMarker(randomUUID());

    const purchases = await history(customer);
    expect(purchases.map((p) => `${p.orderId}/${p.productId}x${p.quantity}`)).toEqual(['order-2/teax4', 'order-1/coffee-250gx3', 'order-1/filtersx1']);
    expect(purchases[0].purchasedAt).toEqual(at('2026-04-01T10:00:00Z'));
    expect(await history(customer, 'globex')).toEqual([]);
  });

  it('re-keys a merged customer to the survivor, including orders that arrive after the merge', async () => {
    const [survivor, merged] = [randomUUID(), randomUUID()];
    await publish(Events.orderPlaced, orderPlaced(survivor, 'order-s', '2026-03-02T10:00:00Z', [['beans', 1]]), survivor);
    await publish(Events.orderPlaced, orderPlaced(merged, 'order-m', '2026-03-03T10:00:00Z', [['milk', 2]]), merged);
    await eventually(async () => (await history(merged)).length === 1 && (await history(survivor)).length === 1, 'orders of both');

    await publish(Events.customerMerged, { tenantId: TENANT, mergeId: randomUUID(), survivorCustomerId: survivor, mergedCustomerId: merged, reason: 'same email', mergedAt: at('2026-03-04T00:00:00Z') } as IdentityV1.CustomerMerged, survivor);
    await eventually(async () => (await history(survivor)).length === 2, 'merged purchases on the survivor');
    expect(await productsOf(survivor)).toEqual(['order-m/milkx2', 'order-s/beansx1']);
    expect(await productsOf(merged)).toEqual(['order-m/milkx2', 'order-s/beansx1']);

    await publish(Events.orderPlaced, orderPlaced(merged, 'order-late', '2026-03-05T10:00:00Z', [['sugar', 1]]), merged);
    await eventually(async () => (await history(survivor)).length === 3, 'late order of the merged id on the survivor');

    // Unmerged: the restored id builds its own history again; what moved at merge time stays with the survivor.
    await publish(Events.customerUnmerged, { tenantId: TENANT, mergeId: randomUUID(), survivorCustomerId: survivor, restoredCustomerId: merged, unmergedAt: at('2026-03-06T00:00:00Z') } as IdentityV1.CustomerUnmerged, merged);
    await eventually(async () => (await history(merged)).length === 0, 'restored id has its own (empty) history');
    await publish(Events.orderPlaced, orderPlaced(merged, 'order-after-unmerge', '2026-03-07T10:00:00Z', [['cocoa', 1]]), merged);
    await eventually(async () => (await productsOf(merged)).join() === 'order-after-unmerge/cocoax1', 'new order on the restored id');
    expect(await history(survivor)).toHaveLength(3);
  });

  it('erases a customer and ignores their orders that arrive afterwards', async () => {
    const customer = randomUUID();
    await publish(Events.orderPlaced, orderPlaced(customer, 'order-e1', '2026-03-02T10:00:00Z', [['beans', 1]]), customer);
    await eventually(async () => (await history(customer)).length === 1, 'order before erasure');

    await publish(Events.customerErased, { tenantId: TENANT, customerId: customer, erasedAt: at('2026-03-03T00:00:00Z') }, customer);
    await eventually(async () => (await history(customer)).length === 0, 'purchases erased');
    await publish(Events.orderPlaced, orderPlaced(customer, 'order-e2', '2026-03-04T10:00:00Z', [['beans', 1]]), customer);
    await placeMarker(randomUUID());
    expect(await history(customer)).toEqual([]);
  });

  it('keeps the last contact time and channel of a customer from completed turns', async () => {
    const customer = randomUUID();
    const activity = service.app.get(CustomerActivityRepository);
    const turn = (receivedAt: string, channelKind: CommonV1.ChannelKind) => ({
      tenantId: TENANT, customerId: customer, conversationId: randomUUID(), turnId: randomUUID(), inboundMessageId: randomUUID(), channelKind,
      customerText: 'hi', replyText: 'hello', intent: '', tone: '', frustration: 0, sentiment: 0, decisionStyle: '', handledByHuman: false,
      receivedAt: at(receivedAt), repliedAt: at(receivedAt),
    }) as DialogueV1.TurnCompleted;
    await publish(Events.turnCompleted, turn('2026-03-10T19:00:00Z', CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM), customer);
    await publish(Events.turnCompleted, turn('2026-03-09T08:00:00Z', CommonV1.ChannelKind.CHANNEL_KIND_EMAIL), customer);
    await publish(Events.turnCompleted, turn('2026-03-11T07:30:00Z', CommonV1.ChannelKind.CHANNEL_KIND_WIDGET), customer);
    await eventually(async () => (await activity.find(TENANT, customer))?.lastChannelKind === CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, 'latest contact');
    expect((await activity.find(TENANT, customer))?.lastContactAt).toEqual(new Date('2026-03-11T07:30:00Z'));
  });

  it('rejects bad requests with INVALID_ARGUMENT and the domain code, and dead-letters bad events', async () => {
    await expect(prediction.getPurchaseHistory({ tenantId: TENANT, customerId: 'not-a-uuid' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'CUSTOMER_ID_INVALID',
    });
    await expect(prediction.getPurchaseHistory({ tenantId: ' ', customerId: randomUUID() })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'TENANT_REQUIRED',
    });
    await expect(prediction.getChurnScore({ tenantId: TENANT, customerId: 'nope' })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'CUSTOMER_ID_INVALID' });
    await expect(prediction.submitContextSignal({ tenantId: TENANT, kind: '', region: 'north', attributes: {}, productTags: ['winter'], emit: false, validUntil: undefined })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'SIGNAL_INVALID' });

    const customer = randomUUID();
    await publish(Events.orderPlaced, orderPlaced(customer, 'order-empty', '2026-03-01T00:00:00Z', []), customer);
    const [dlq] = await readTopic(`${prefix}${Events.orderPlaced.topic}.dlq`);
    expect(dlq.headers.dlq_reason).toBe('order has no lines');
    await placeMarker(customer);
  });

  it('keeps a tenant key inside its tenant and refuses unknown keys', async () => {
    const acme = service.client<PredictionV1.PredictionServiceClient>(ServiceProtos.prediction, 'acme-secret-key');
    await expect(acme.getPurchaseHistory({ tenantId: '', customerId: randomUUID() })).resolves.toEqual({ purchases: [] });
    await expect(acme.getPurchaseHistory({ tenantId: 'globex', customerId: randomUUID() })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    const stranger = service.client<PredictionV1.PredictionServiceClient>(ServiceProtos.prediction, 'wrong-key-12345');
    await expect(stranger.getPurchaseHistory({ tenantId: TENANT, customerId: randomUUID() })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it('answers readiness over HTTP', async () => {
    const ready = await fetch(`${service.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', kafka: 'ok' } });
  });
});
