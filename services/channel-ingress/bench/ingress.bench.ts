/**
 * npm run bench:ingress [-- --rps 200 --seconds 20 --warm-seconds 5 --senders 500 --duplicates 0.02 --keep]
 *
 * Webhook acknowledgement latency and sustained throughput of channel-ingress, beside a raw baseline
 * measured in the same run on the same machine:
 *   - channel-ingress (its own process, production mode, with identity-graph as its own process):
 *     Telegram webhook → secret check → normalize → message + (for a sender in its identity cache) outbox row,
 *     else a pending row, in one statement → 200; the identity resolver asks identity-graph (gRPC) for the
 *     pending senders and writes their events; the outbox relay publishes to Kafka. It also prints how long
 *     events took from the stored message to Kafka.
 *   - raw baseline: a bare node:http handler that parses the same JSON and inserts one row with `pg`.
 * Both get the same open-loop load (fixed arrival rate whatever the answers, so a slow server cannot slow the
 * clock down; latency from send to acknowledgement), with a share of provider redeliveries (duplicate
 * update_ids). Each target is first warmed at the same rate by other senders (JIT, Kafka broker, pools), so
 * every sender of the measured run is a first contact for identity-graph.
 * Afterwards it checks exactly-once: stored rows and Kafka records == distinct updates acknowledged.
 * Uses DATABASE_URL / KAFKA_BROKERS when set (else the project's local infrastructure).
 */
import { ChildProcess } from 'node:child_process';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { CommonV1, IngressV1, ServiceProtos, Topics } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import {
  ensureDatabase,
  eventually,
  freePort,
  LoadResult,
  numberFlags,
  openLoop,
  removeBenchLeftovers,
  resolveInfrastructure,
  spawnServiceProcess,
  summarize,
  telegramTextUpdate,
} from '@concierge/testing';

const args = process.argv.slice(2);
const flag = numberFlags(args);
const RPS = flag('rps', 200);
const SECONDS = flag('seconds', 20);
const WARM_SECONDS = flag('warm-seconds', 5);
const SENDERS = flag('senders', 500);
const DUPLICATES = flag('duplicates', 0.02);
const MAX_IN_FLIGHT = flag('max-in-flight', 512);
const API_KEY = 'concierge-bench-internal-key';
const SECRET = 'bench-webhook-secret';
const log = (l: string) => console.log(`[bench] ${l}`);

interface Run extends LoadResult {
  /** update_ids acknowledged with 200 (first deliveries and redeliveries alike). */
  acked: Set<number>;
  /** Acknowledgement latencies by second of the run (arrival time), to show where the tail sits. */
  bySecond: number[][];
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function postJson(url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Fixed arrival rate: update i is due at start + i/rps, from sender firstSender + (update % senders); a
 * redelivery repeats an earlier update_id.
 */
async function run(name: string, url: URL, headers: Record<string, string>, o: { seconds: number; firstUpdateId: number; firstSender: number }): Promise<Run> {
  const acked = new Set<number>();
  const bySecond: number[][] = [];
  const result = await openLoop({
    name,
    rps: RPS,
    seconds: o.seconds,
    maxInFlight: MAX_IN_FLIGHT,
    progress: log,
    call: async (i) => {
      const redeliver = i > 10 && Math.random() < DUPLICATES;
      const updateId = o.firstUpdateId + (redeliver ? Math.floor(Math.random() * i) : i);
      const body = JSON.stringify(telegramTextUpdate(updateId, o.firstSender + (updateId % SENDERS), `order question ${updateId}`));
      const sent = performance.now();
      const status = await postJson(url, body, headers);
      if (status !== 200) throw new Error(`HTTP ${status}`);
      acked.add(updateId);
      (bySecond[Math.floor(i / RPS)] ??= []).push(performance.now() - sent);
    },
  });
  return { ...result, acked, bySecond };
}

/** Kafka record time minus the message's receivedAt, for the measured run's events (update ids below 9,000,000). */
async function eventLag(kafka: Kafka, topic: string, total: number): Promise<number[]> {
  const consumer = kafka.consumer({ groupId: `bench-lag-${Date.now()}` });
  const lags: number[] = [];
  let seen = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen++;
          const m = JSON.parse(message.value?.toString() ?? '{}').message ?? {};
          if (Number(String(m.externalMessageId).replace('update:', '')) < 9_000_000) lags.push(Number(message.timestamp) - Date.parse(m.receivedAt));
          if (seen >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return lags;
}

async function main() {
  const infra = await resolveInfrastructure({ log });
  const stamp = Date.now();
  const [identityDb, ingressDb, rawDb] = await Promise.all(
    ['identity_bench', 'ingress_bench', 'ingress_raw_bench'].map((n) => ensureDatabase(infra.adminDatabaseUrl, `${n}_${stamp}`)),
  );
  const prefix = `bench.ingress.${stamp}.`;
  const children: ChildProcess[] = [];
  const start = async (name: string, db: string, extra: Record<string, string>) => {
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    const child = spawnServiceProcess(name, {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      DATABASE_URL: db,
      KAFKA_BROKERS: infra.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_TOPIC_PARTITIONS: '3',
      INTERNAL_API_KEY: API_KEY,
      ...extra,
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
      return (await fetch(`http://127.0.0.1:${httpPort}/readyz`).catch(() => ({ status: 0 }))).status === 200;
    }, `${name} ready`, 120_000);
    return { httpUrl: `http://127.0.0.1:${httpPort}`, grpcAddress: `127.0.0.1:${grpcPort}` };
  };

  const rawPool = new Pool({ connectionString: rawDb, max: 10 });
  const ingressPool = new Pool({ connectionString: ingressDb, max: 2 });
  let baseline: ReturnType<typeof createServer> | undefined;
  try {
    log('starting identity-graph and channel-ingress (own processes, production mode)');
    const identity = await start('identity-graph', identityDb, {});
    const ingress = await start('channel-ingress', ingressDb, {
      IDENTITY_GRPC_ADDR: identity.grpcAddress,
      RATE_LIMIT_CHANNEL_PER_MINUTE: '0',
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9',
    });
    const admin = createGrpcClient<IngressV1.IngressServiceClient>(ServiceProtos.ingress, { address: ingress.grpcAddress, apiKey: API_KEY, deadlineMs: 10_000 });
    await admin.createChannel({ tenantId: 'bench', channelId: 'bench-telegram', kind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM, name: 'bench', settings: {}, secrets: { webhook_secret: SECRET, bot_token: 'x' } });
    admin.close();

    await rawPool.query('CREATE TABLE IF NOT EXISTS raw_updates (update_id bigint PRIMARY KEY, chat_id bigint NOT NULL, text text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())');
    baseline = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const u = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          rawPool
            .query('INSERT INTO raw_updates (update_id, chat_id, text) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [u.update_id, u.message.chat.id, u.message.text])
            .then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'))
            .catch((err: Error) => res.writeHead(500).end(err.message));
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((r) => baseline!.listen(0, '127.0.0.1', r));
    const baselineUrl = new URL(`http://127.0.0.1:${(baseline.address() as AddressInfo).port}/telegram`);
    const ingressUrl = new URL(`${ingress.httpUrl}/v1/webhooks/telegram/bench-telegram`);
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };

    // Warm-up at the measured rate by other senders and update ids: JIT-compiled code, a broker that has seen
    // produce and fetch traffic, filled pools. The measured run's senders stay new to identity-graph.
    log(`warming up: ${RPS} msg/s for ${WARM_SECONDS} s each, senders not used in the measured runs`);
    await run('raw warm-up', baselineUrl, {}, { seconds: WARM_SECONDS, firstUpdateId: 9_000_000, firstSender: 900_000 });
    await run('ingress warm-up', ingressUrl, headers, { seconds: WARM_SECONDS, firstUpdateId: 9_000_000, firstSender: 900_000 });
    const warmed = (await ingressPool.query('SELECT count(*)::int AS n FROM inbound_messages')).rows[0].n as number;

    log(`raw baseline: ${RPS} msg/s for ${SECONDS} s, ${Math.round(DUPLICATES * 100)}% redeliveries`);
    const raw = await run('raw baseline', baselineUrl, {}, { seconds: SECONDS, firstUpdateId: 1, firstSender: 100_000 });
    log(`channel-ingress: ${RPS} msg/s for ${SECONDS} s, ${SENDERS} senders new to identity-graph, ${Math.round(DUPLICATES * 100)}% redeliveries`);
    const ing = await run('channel-ingress', ingressUrl, headers, { seconds: SECONDS, firstUpdateId: 1, firstSender: 100_000 });

    log('checking exactly-once: stored rows and Kafka records against distinct acknowledged updates (waiting for the outbox to drain)');
    const expected = ing.acked.size;
    const rows = async () => ((await ingressPool.query('SELECT count(*)::int AS n FROM inbound_messages')).rows[0].n as number) - warmed;
    const kafka = new Kafka({ clientId: 'bench', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    const kadmin = kafka.admin();
    await kadmin.connect();
    const records = async () => (await kadmin.fetchTopicOffsets(prefix + Topics.ingressMessageReceived)).reduce((n, p) => n + Number(p.high), 0) - warmed;
    await eventually(async () => (await records()) >= expected, 'outbox drained', 60_000).catch(() => undefined);
    const [stored, published] = [await rows(), await records()];
    await kadmin.disconnect();
    // How long after the acknowledgement the event reached Kafka (first contacts wait for identity-graph).
    const lag = await eventLag(kafka, prefix + Topics.ingressMessageReceived, warmed + published);
    const rawStored = (await rawPool.query('SELECT count(*)::int AS n FROM raw_updates WHERE update_id < 9000000')).rows[0].n as number;

    const line = (r: Run) => {
      const l = summarize(r.latencies);
      const f = (n: number) => n.toFixed(1).padStart(7);
      return `${r.name.padEnd(16)} ${String(r.sent).padStart(6)} ${String(r.ok).padStart(6)} ${String(r.errors + r.shed).padStart(6)} ${f(r.ok / r.seconds)} ${f(l.p50)} ${f(l.p95)} ${f(l.p99)} ${f(l.max)} ${f(summarize(r.lateness).p99)}`;
    };
    const worst = (r: Run) => {
      const seconds = r.bySecond.map((v, i) => ({ second: i, p99: summarize(v).p99 })).filter((x) => !Number.isNaN(x.p99));
      const w = seconds.reduce((a, b) => (b.p99 > a.p99 ? b : a), { second: -1, p99: -Infinity });
      return `slowest second of the run: #${w.second} (p99 ${w.p99.toFixed(1)} ms); per-second p99: ${seconds.map((x) => x.p99.toFixed(0)).join(' ')}`;
    };
    console.log('');
    console.log(`webhook acknowledgement, open loop ${RPS} msg/s for ${SECONDS} s, ${SENDERS} senders, ~${Math.round(DUPLICATES * 100)}% provider redeliveries`);
    console.log('target               sent     ok   fail   ack/s   p50 ms  p95 ms  p99 ms  max ms late p99');
    console.log(line(raw));
    console.log(line(ing));
    console.log('');
    console.log(`raw baseline     distinct acknowledged ${raw.acked.size}, rows ${rawStored}`);
    console.log(`channel-ingress  distinct acknowledged ${expected}, stored messages ${stored}, message-received records ${published}`);
    console.log(`                 lost ${Math.max(0, expected - stored)} (stored) / ${Math.max(0, expected - published)} (published); duplicated ${Math.max(0, stored - expected)} (stored) / ${Math.max(0, published - expected)} (published)`);
    console.log(`                 ${worst(ing)}`);
    const lagSummary = summarize(lag);
    console.log(
      `                 stored → message-received on Kafka (measured run, ${lag.length} events): p50 ${lagSummary.p50.toFixed(0)} ms, p99 ${lagSummary.p99.toFixed(0)} ms, max ${lagSummary.max.toFixed(0)} ms`,
    );
    if (ing.firstError) console.log(`                 first error: ${ing.firstError}`);
    const p99 = summarize(ing.latencies).p99;
    console.log(`goal p99 ≤ 50 ms at ${RPS} msg/s: ${p99 <= 50 ? 'met' : 'NOT met'} (p99 ${p99.toFixed(1)} ms); exactly-once: ${stored === expected && published === expected ? 'held' : 'VIOLATED'}`);
    console.log('(latency: from send to HTTP 200. "late p99": how late the generator itself sent against the fixed schedule.)');
  } finally {
    baseline?.close();
    agent.destroy();
    await rawPool.end();
    await ingressPool.end();
    for (const c of children.reverse()) {
      c.kill('SIGTERM');
      await new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)));
    }
    if (!args.includes('--keep'))
      await removeBenchLeftovers({
        adminDatabaseUrl: infra.adminDatabaseUrl,
        databases: ['identity_bench', 'ingress_bench', 'ingress_raw_bench'].map((n) => `${n}_${stamp}`),
        kafkaBrokers: infra.kafkaBrokers,
        topicPrefix: prefix,
        log,
      });
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
