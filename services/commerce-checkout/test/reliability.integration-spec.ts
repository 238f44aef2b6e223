import { status } from '@grpc/grpc-js';
import { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { CheckoutV1, ServiceProtos, toTimestamp } from '@concierge/contracts';
import { createGrpcClient, GrpcCallError, UnaryClient } from '@concierge/grpc';
import { eventually, FakeStripe, freePort, spawnService, spawnServiceProcess, SpawnedService, TEST_INTERNAL_API_KEY, testTopicPrefix } from '@concierge/testing';

/**
 * 1,000 orders, every request retried at random, the service killed with SIGKILL at random
 * points and restarted on the same database; afterwards: no double order, no double charge,
 * no lost confirmed order, stock and points add up.
 */
const ORDERS = Number(process.env.RELIABILITY_ORDERS ?? 1000);
const CUSTOMERS = Math.max(1, Math.floor(ORDERS / 5));
const WORKERS = 24;
const TENANT = 'reliable';
const SKUS = Array.from({ length: 20 }, (_, i) => `R-${i + 1}`);
const SLOTS = Array.from({ length: 20 }, (_, i) => `day-${i + 1}`);
const INITIAL_STOCK = ORDERS * 2;
const RETRYABLE = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.CANCELLED, status.INTERNAL, status.UNKNOWN, status.RESOURCE_EXHAUSTED]);

const rand = (n: number) => Math.floor(Math.random() * n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const customerId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('commerce-checkout under kill -9 (two spawned replicas, real Postgres, Kafka, fake-stripe)', () => {
  let stripe: FakeStripe;
  let first: SpawnedService;
  let client: UnaryClient<CheckoutV1.CheckoutServiceClient>;
  let kills = 0;
  let stopKilling = false;

  /** Two replicas on one database, as in production: clients spread over both, each is killed and restarted in turn. */
  interface Replica {
    env: Record<string, string>;
    child?: ChildProcess;
    httpUrl: string;
    client: UnaryClient<CheckoutV1.CheckoutServiceClient>;
    output: string;
  }
  const replicas: Replica[] = [];
  const api = () => replicas[rand(replicas.length)].client;
  const restartTimes: number[] = [];

  const launch = async (r: Replica) => {
    const t0 = Date.now();
    // A fresh consumer group per process: a SIGKILLed member would otherwise hold the group's rebalance (and readiness) for its 30 s session timeout.
    const proc = spawnServiceProcess('commerce-checkout', { ...process.env, ...r.env, KAFKA_GROUP_ID: `${r.env.KAFKA_TOPIC_PREFIX}checkout-${r.env.GRPC_PORT}-${kills}` });
    r.child = proc;
    proc.stdout!.on('data', (d: Buffer) => (r.output = (r.output + d.toString()).slice(-10_000)));
    proc.stderr!.on('data', (d: Buffer) => (r.output = (r.output + d.toString()).slice(-10_000)));
    await eventually(
      async () => {
        if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode}: ${r.output}`);
        return (await fetch(`${r.httpUrl}/readyz`)).status === 200;
      },
      'checkout replica ready',
      90_000,
    );
    return Date.now() - t0;
  };

  const killOnce = async () => {
    kills++;
    const r = replicas[rand(replicas.length)];
    if (r.child) {
      const proc = r.child;
      proc.kill('SIGKILL');
      await new Promise((done) => (proc.exitCode !== null || proc.signalCode ? done(null) : proc.once('exit', done)));
    } else await first.stop('SIGKILL');
    restartTimes.push(await launch(r));
  };

  /** Calls until the service answers; with probability 1/4 sends the same request again (a client that retries anyway) and checks both answers agree. */
  async function call<T>(fn: () => Promise<T>, same?: (a: T, b: T) => void): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await fn();
        if (same && Math.random() < 1 / 4) same(result, await call(fn));
        return result;
      } catch (err) {
        if (!(err instanceof GrpcCallError) || !RETRYABLE.has(err.code) || attempt > 400) throw err;
        await sleep(50 + rand(200));
      }
    }
  }

  beforeAll(async () => {
    stripe = await new FakeStripe().start();
    first = await spawnService('commerce-checkout', {
      KAFKA_TOPIC_PREFIX: testTopicPrefix('reliable'),
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_API_BASE: stripe.baseUrl,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      LOYALTY_EARN_BPS: '1000',
      LOYALTY_MAX_REDEEM_BPS: '5000',
      FREE_DELIVERY_FROM_MINOR: '0',
      SWEEP_INTERVAL_MS: '1000',
    });
    const connect = (address: string) => createGrpcClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, { address, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 8_000 });
    client = connect(first.grpcAddress);
    replicas.push({ env: first.env, httpUrl: first.httpUrl, client, output: '' });
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    const second: Replica = { env: { ...first.env, HTTP_PORT: String(httpPort), GRPC_PORT: String(grpcPort) }, httpUrl: `http://127.0.0.1:${httpPort}`, client: connect(`127.0.0.1:${grpcPort}`), output: '' };
    await launch(second);
    replicas.push(second);
    stripe.webhookUrl = `${first.httpUrl}/v1/payments/stripe/webhook`;
    await client.upsertProducts({
      tenantId: TENANT,
      products: SKUS.map((sku, i) => ({
        productId: '', sku, name: `Reliable beans ${i}`, description: '', price: { amountMinor: String(990 + i * 100), currency: 'EUR' }, stock: INITIAL_STOCK,
        tags: ['coffee'], packSize: '250 g', typicalDaysOfUse: 14, attributes: {}, variantOfSku: '',
      })),
    });
    const start = new Date(Date.now() + 86_400_000);
    await client.upsertDeliverySlots({
      tenantId: TENANT,
      slots: SLOTS.map((slotId, d) => ({ slotId, startsAt: toTimestamp(new Date(start.getTime() + d * 86_400_000)), endsAt: toTimestamp(new Date(start.getTime() + d * 86_400_000 + 36e5)), capacity: ORDERS, remainingCapacity: 0 })),
    });
  }, 120_000);

  afterAll(async () => {
    stopKilling = true;
    for (const r of replicas) r.client.close();
    for (const r of replicas) {
      const proc = r.child;
      if (proc && proc.exitCode === null) {
        const exited = new Promise((done) => proc.once('exit', done));
        proc.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000).then(() => proc.kill('SIGKILL'))]);
      }
    }
    await first?.stop();
    await stripe?.stop();
  });

  it(`places ${ORDERS} orders exactly once through random retries and kill -9`, async () => {
    const products = (await client.searchProducts({ tenantId: TENANT, query: '', tags: [], page: { pageSize: 100, pageToken: '' } })).products;
    expect(products).toHaveLength(SKUS.length);
    const confirmed = new Map<number, string>();
    const paid = new Map<string, number>();
    let next = 0;

    const killer = (async () => {
      while (!stopKilling) {
        await sleep(5000 + rand(8000));
        if (!stopKilling) await killOnce();
      }
    })();

    const placeOne = async (i: number) => {
      const customer = customerId(i % CUSTOMERS);
      const conversationId = `order-${i}`;
      const product = products[i % products.length];
      const quantity = 1 + (i % 3);
      // UpdateCartItem sets a quantity: a retried request leaves the same cart.
      await call(
        () => api().updateCartItem({ tenantId: TENANT, customerId: customer, productId: product.productId, quantity, conversationId }),
        (a, b) => expect(b.cart!.items.map((x) => x.quantity)).toEqual(a.cart!.items.map((x) => x.quantity)),
      );
      // Every paid order earns at least 99 points and one redeems at most 50: after a paid order there is enough (unless its webhook is still on the way).
      let points = (paid.get(customer) ?? 0) > 0 ? 50n : 0n;
      if (i % 10 === 0) stripe.failNextCreates(1, 500, true);
      const key = `reliable-${i}`;
      let order: CheckoutV1.Order | undefined;
      while (!order) {
        const { quote } = await call(() =>
          api().createQuote({
            tenantId: TENANT, customerId: customer, conversationId, couponCode: '', couponCodes: [], pointsToRedeem: points.toString(), addressId: 'home', slotId: SLOTS[i % SLOTS.length],
            fulfilment: CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_DELIVERY, storeId: '',
            deliveryAddress: { addressId: 'home', recipient: 'R', line1: 'Main 1', line2: '', city: 'Berlin', postalCode: '10115', country: 'DE', phone: '' },
          }),
        ).catch((err) => {
          if (err instanceof GrpcCallError && err.errorCode === 'POINTS_INSUFFICIENT') {
            points = 0n;
            return { quote: null };
          }
          // The order went through before a crash and emptied the cart: the key already names it.
          if (err instanceof GrpcCallError && err.errorCode === 'CART_EMPTY') return { quote: undefined };
          throw err;
        });
        if (quote === null) continue;
        if (!quote) {
          // Recover the order by its conversation: the same confirmation must not buy twice.
          const orders = (await call(() => api().listOrders({ tenantId: TENANT, customerId: customer, page: { pageSize: 100, pageToken: '' }, status: CheckoutV1.OrderStatus.ORDER_STATUS_UNSPECIFIED }))).orders;
          order = orders.find((o) => o.conversationId === conversationId);
          if (!order) throw new Error(`cart of ${conversationId} is empty but no order exists`);
          break;
        }
        order = (
          await call(
            () => api().placeOrder({ tenantId: TENANT, customerId: customer, quoteId: quote.quoteId, idempotencyKey: key, confirmationRef: `confirm-${i}`, quoteSignature: quote.signature }),
            (a, b) => expect(b.order!.orderId).toBe(a.order!.orderId),
          ).catch((err) => {
            // A points balance moved by a concurrent order of the same customer: quote again.
            if (err instanceof GrpcCallError && err.errorCode === 'POINTS_INSUFFICIENT') {
              points = 0n;
              return { order: undefined };
            }
            throw err;
          })
        ).order;
      }
      confirmed.set(i, order.orderId);
      let payment = order.payment;
      while (!payment?.providerPaymentId)
        payment = (await call(() => api().payOrder({ tenantId: TENANT, orderId: order!.orderId }), (a, b) => {
          // A retried PayOrder reaches the order's one payment.
          if (a.order!.payment!.providerPaymentId && b.order!.payment!.providerPaymentId) expect(b.order!.payment!.providerPaymentId).toBe(a.order!.payment!.providerPaymentId);
        })).order!.payment;
      await stripe.confirm(payment.providerPaymentId);
      // The customer taps "Pay" twice now and then: Stripe refuses the second confirmation.
      if (Math.random() < 1 / 4) expect((await stripe.confirm(payment.providerPaymentId)).error?.code).toBe('payment_intent_unexpected_state');
      paid.set(customer, (paid.get(customer) ?? 0) + 1);
    };

    const worker = async () => {
      while (next < ORDERS) await placeOne(next++);
    };
    const started = Date.now();
    const progress = setInterval(() => process.stdout.write(`reliability: ${confirmed.size}/${ORDERS} orders after ${((Date.now() - started) / 1000).toFixed(0)} s, ${kills} kills\n`), 15_000);
    try {
      await Promise.all(Array.from({ length: WORKERS }, worker));
    } finally {
      clearInterval(progress);
      stopKilling = true;
      await killer;
    }
    await stripe.webhooksSettled();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`reliability: ${ORDERS} orders in ${seconds.toFixed(1)} s with ${kills} kill -9 restarts of 2 replicas (ready again after ${restartTimes.map((t) => (t / 1000).toFixed(1)).join(', ')} s), ${stripe.requests.length} Stripe requests\n`);
    expect(kills).toBeGreaterThan(0);

    const db = new Client({ connectionString: first.env.DATABASE_URL });
    await db.connect();
    try {
      const q = async <R>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as R[];
      await eventually(async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE status <> 'paid'`))[0].n === 0, 'every order paid', 60_000);
      // 0 double orders: one order per confirmation (conversation) and per idempotency key.
      const [{ orders, conversations }] = await q<{ orders: number; conversations: number }>(`SELECT count(*)::int AS orders, count(DISTINCT conversation_id)::int AS conversations FROM orders`);
      expect(orders).toBe(ORDERS);
      expect(conversations).toBe(ORDERS);
      // 0 lost confirmed orders: every order a client was told about exists, paid.
      const stored = new Set((await q<{ id: string }>(`SELECT id FROM orders WHERE status = 'paid'`)).map((r) => r.id));
      expect([...confirmed.values()].filter((id) => !stored.has(id))).toEqual([]);
      expect(confirmed.size).toBe(ORDERS);
      // 0 double charges: one PaymentIntent per order at Stripe, one success each, for the order total.
      const byOrder = new Map<string, number>();
      for (const pi of stripe.intents.values()) byOrder.set(pi.metadata.order_id, (byOrder.get(pi.metadata.order_id) ?? 0) + 1);
      expect([...byOrder.values()].filter((n) => n > 1)).toEqual([]);
      expect(stripe.succeededIntents()).toHaveLength(ORDERS);
      const totals = new Map((await q<{ id: string; total: string }>(`SELECT id, total_minor::text AS total FROM orders`)).map((r) => [r.id, Number(r.total)]));
      expect(stripe.succeededIntents().filter((pi) => totals.get(pi.metadata.order_id) !== pi.amount)).toEqual([]);
      // Stock: what is left plus what was ordered is what there was.
      const stock = await q<{ sku: string; left: number; sold: number }>(
        `SELECT p.sku, p.stock AS left, coalesce((SELECT sum((l->>'quantity')::int) FROM orders o, jsonb_array_elements(o.lines) l WHERE l->>'productId' = p.id::text), 0)::int AS sold
         FROM products p WHERE p.tenant_id = $1`,
        [TENANT],
      );
      expect(stock.filter((s) => s.left + s.sold !== INITIAL_STOCK)).toEqual([]);
      const slots = await q<{ slot_id: string; taken: number; n: number }>(`SELECT s.slot_id, s.taken, (SELECT count(*)::int FROM orders o WHERE o.slot_id = s.slot_id) AS n FROM delivery_slots s`);
      expect(slots.filter((s) => s.taken !== s.n)).toEqual([]);
      expect(slots.reduce((sum, s) => sum + s.taken, 0)).toBe(ORDERS);
      // Points: per customer, balance = earned - redeemed, one earn per order, never negative.
      const points = await q<{ customer_id: string; balance: string; earned: string; redeemed: string; earns: number }>(
        `SELECT o.customer_id, (SELECT coalesce(sum(remaining), 0) FROM loyalty_movements m WHERE m.customer_id = o.customer_id)::text AS balance,
                sum(o.points_earned)::text AS earned, sum(o.points_redeemed)::text AS redeemed,
                (SELECT count(*)::int FROM loyalty_movements m WHERE m.customer_id = o.customer_id AND m.kind = 'earn') AS earns
         FROM orders o GROUP BY o.customer_id`,
      );
      expect(points.filter((p) => BigInt(p.balance) !== BigInt(p.earned) - BigInt(p.redeemed))).toEqual([]);
      expect(points.reduce((s, p) => s + p.earns, 0)).toBe(ORDERS);
      expect(points.some((p) => BigInt(p.redeemed) > 0n)).toBe(true);
      const [{ negative }] = await q<{ negative: number }>(`SELECT count(*)::int AS negative FROM loyalty_movements WHERE remaining < 0 OR balance_after < 0`);
      expect(negative).toBe(0);
    } finally {
      await db.end();
    }
  }, 900_000);
});
