import { randomBytes, randomUUID } from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import { Client, Pool } from 'pg';
import { CheckoutV1, ServiceProtos, toTimestamp } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import { eventually, freePort, spawnServiceProcess } from '@concierge/testing';

/**
 * CreateQuote and PlaceOrder over gRPC against a spawned commerce-checkout process, beside a raw
 * `pg` transaction doing the minimum an order needs (stock update + order insert), in one run.
 *
 *   DATABASE_URL=... KAFKA_BROKERS=... npm run bench:checkout [-- --orders 500 --concurrency 8]
 */
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? def);
};
const ORDERS = arg('orders', 500);
const CONCURRENCY = arg('concurrency', 8);
const TENANT = 'bench';
const API_KEY = 'concierge-bench-internal-key';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(label: string, n: number, concurrency: number, op: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await op(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { label, n, p50: pct(latencies, 50), p99: pct(latencies, 99), throughput: n / seconds };
}

async function main() {
  const admin = process.env.DATABASE_URL;
  if (!admin || !process.env.KAFKA_BROKERS) {
    process.stderr.write('Set DATABASE_URL (a Postgres admin URL) and KAFKA_BROKERS; the bench creates and drops its own database.\n');
    process.exit(2);
  }
  const dbName = `checkout_bench_${randomBytes(4).toString('hex')}`;
  const adminClient = new Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  let child: ChildProcess | undefined;
  try {
    process.stdout.write(`bench: starting commerce-checkout (database ${dbName})...\n`);
    child = spawnServiceProcess('commerce-checkout', {
      ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', HTTP_PORT: String(httpPort), GRPC_PORT: String(grpcPort),
      DATABASE_URL: url.toString(), KAFKA_TOPIC_PREFIX: `bench.${randomBytes(3).toString('hex')}.`, KAFKA_TOPIC_PARTITIONS: '1', INTERNAL_API_KEY: API_KEY, PAYMENT_PROVIDER: 'test',
      QUOTE_SIGNING_KEY: randomBytes(24).toString('hex'),
    });
    let output = '';
    child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
    child.stdout!.resume();
    await eventually(async () => {
      if (child!.exitCode !== null) throw new Error(`service exited: ${output}`);
      return (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200;
    }, 'service ready', 120_000);
    const client = createGrpcClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, { address: `127.0.0.1:${grpcPort}`, apiKey: API_KEY, deadlineMs: 30_000 });
    await client.upsertProducts({
      tenantId: TENANT,
      products: [1, 2, 3, 4].map((i) => ({
        productId: '', sku: `B-${i}`, name: `Bench beans ${i}`, description: '', price: { amountMinor: String(1000 + i), currency: 'EUR' }, stock: 1_000_000,
        tags: ['coffee'], packSize: '250 g', typicalDaysOfUse: 14, attributes: {}, variantOfSku: '',
      })),
    });
    const products = (await client.searchProducts({ tenantId: TENANT, query: '', tags: [], page: undefined })).products;
    const start = new Date(Date.now() + 86_400_000);
    await client.upsertDeliverySlots({ tenantId: TENANT, slots: [{ slotId: 'bench', startsAt: toTimestamp(start), endsAt: toTimestamp(new Date(start.getTime() + 3.6e6)), capacity: 10_000_000, remainingCapacity: 0 }] });
    const address = { addressId: 'home', recipient: 'B', line1: 'Main 1', line2: '', city: 'Berlin', postalCode: '10115', country: 'DE', phone: '' };
    const customers = Array.from({ length: ORDERS + 50 }, () => randomUUID());
    const prepare = (i: number) => client.updateCartItem({ tenantId: TENANT, customerId: customers[i], productId: products[i % products.length].productId, quantity: 1 + (i % 2), conversationId: '' });
    const quote = (i: number) =>
      client.createQuote({
        tenantId: TENANT, customerId: customers[i], conversationId: '', couponCode: '', couponCodes: [], pointsToRedeem: '0', addressId: 'home', slotId: 'bench',
        fulfilment: CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_DELIVERY, deliveryAddress: address, storeId: '',
      });
    const quotes: CheckoutV1.Quote[] = [];
    process.stdout.write(`bench: warm-up and carts for ${ORDERS} orders (concurrency ${CONCURRENCY})...\n`);
    for (let i = ORDERS; i < ORDERS + 50; i++) {
      await prepare(i);
      const { quote: q } = await quote(i);
      await client.placeOrder({ tenantId: TENANT, customerId: customers[i], quoteId: q!.quoteId, idempotencyKey: `warm-${i}-${q!.quoteId}`, confirmationRef: 'bench', quoteSignature: q!.signature });
    }
    await measure('carts', ORDERS, CONCURRENCY, async (i) => void (await prepare(i)));
    const rows = [
      await measure('CreateQuote (gRPC)', ORDERS, CONCURRENCY, async (i) => void (quotes[i] = (await quote(i)).quote!)),
      await measure('PlaceOrder (gRPC)', ORDERS, CONCURRENCY, async (i) => {
        const q = quotes[i];
        await client.placeOrder({ tenantId: TENANT, customerId: customers[i], quoteId: q.quoteId, idempotencyKey: `bench-${q.quoteId}`, confirmationRef: 'bench', quoteSignature: q.signature });
      }),
    ];
    client.close();

    const pool = new Pool({ connectionString: url.toString(), max: CONCURRENCY });
    await pool.query(`CREATE TABLE bench_raw_orders (id uuid PRIMARY KEY, product_id uuid NOT NULL, total_minor bigint NOT NULL, placed_at timestamptz NOT NULL DEFAULT now())`);
    rows.push(
      await measure('raw pg transaction (stock + order insert)', ORDERS, CONCURRENCY, async (i) => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const p = products[i % products.length];
          await c.query(`UPDATE products SET stock = stock - 1 WHERE id = $1 AND stock >= 1`, [p.productId]);
          await c.query(`INSERT INTO bench_raw_orders (id, product_id, total_minor) VALUES ($1, $2, $3)`, [randomUUID(), p.productId, p.price!.amountMinor]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    await pool.end();
    process.stdout.write(`\ncommerce-checkout bench: ${ORDERS} operations each, concurrency ${CONCURRENCY}, ${new Date().toISOString()}\n`);
    process.stdout.write(`${'operation'.padEnd(44)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'ops/s'.padStart(10)}\n`);
    for (const r of rows) process.stdout.write(`${r.label.padEnd(44)}${r.p50.toFixed(1).padStart(10)}${r.p99.toFixed(1).padStart(10)}${r.throughput.toFixed(1).padStart(10)}\n`);
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await adminClient.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await adminClient.end();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
    process.exit(1);
  },
);
