import { randomBytes } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel, LogEntry } from 'kafkajs';
import { ensureDatabase, withClient } from './database';
import { Infrastructure, Log } from './types';

const MESSAGES = 30;
const CONSUME_TIMEOUT_MS = 30_000;

type Endpoints = Pick<Infrastructure, 'adminDatabaseUrl' | 'kafkaBrokers'>;

/** Runs fn as a named step, logging its duration; failures name the step. */
async function step<T>(log: Log, name: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await fn();
    log(`  ok  ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (err) {
    throw new Error(`${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** ensureDatabase (also racing itself), `select 1` on the new database, then drops it. */
export async function checkPostgres({ adminDatabaseUrl }: Endpoints, log: Log): Promise<void> {
  const name = `infra_check_${randomBytes(4).toString('hex')}`;
  const url = await step(log, `ensureDatabase ${name} (x3 concurrently)`, async () => {
    const urls = await Promise.all([1, 2, 3].map(() => ensureDatabase(adminDatabaseUrl, name)));
    return urls[0];
  });
  await step(log, 'pg: select 1', () =>
    withClient(url, async (c) => {
      const { rows } = await c.query<{ one: number }>('select 1 as one');
      if (rows[0]?.one !== 1) throw new Error(`unexpected result ${JSON.stringify(rows)}`);
    }),
  );
  await withClient(adminDatabaseUrl, (c) => c.query(`DROP DATABASE ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

function consumeAll(consumer: Consumer, topic: string): Promise<number> {
  let received = 0;
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received ${received}/${MESSAGES} messages in ${CONSUME_TIMEOUT_MS} ms`)), CONSUME_TIMEOUT_MS);
    consumer
      .subscribe({ topics: [topic], fromBeginning: true })
      .then(() =>
        consumer.run({
          partitionsConsumedConcurrently: 3,
          eachMessage: async () => {
            if (++received === MESSAGES) {
              clearTimeout(timer);
              resolve(received);
            }
          },
        }),
      )
      .catch(reject);
  });
}

const TRANSIENT_METADATA_ERRORS = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * createTopics({ waitForLeaders: true }) in kafkajs 2.2.4 only retries LEADER_NOT_AVAILABLE, but a
 * KRaft broker may still answer UNKNOWN_TOPIC_OR_PARTITION until it applied the new topic (kafkajs#1563).
 */
async function createTopicAndWait(admin: Admin, topic: string, numPartitions: number): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions, replicationFactor: -1 }] });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      if (topics[0]?.partitions.length === numPartitions && topics[0].partitions.every((p) => p.leader >= 0)) return;
    } catch (err) {
      if (!TRANSIENT_METADATA_ERRORS.has((err as { type?: string }).type ?? '') || Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topic ${topic} has no leaders after 10 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/** Exercises the kafkajs APIs the services use: admin, idempotent producer, consumer group with commits. */
export async function checkKafka({ kafkaBrokers }: Endpoints, log: Log): Promise<void> {
  const clientErrors: string[] = [];
  const requests = new Set<string>();
  const kafka = new Kafka({
    clientId: 'concierge-infra-check',
    brokers: kafkaBrokers.split(','),
    // DEBUG only to record which protocol version kafkajs negotiated for each request.
    logLevel: logLevel.DEBUG,
    logCreator: () => (e: LogEntry) => {
      const request = /^Request (\w+)\(key: \d+, version: (\d+)\)/.exec(e.log.message);
      if (request) requests.add(`${request[1]} v${request[2]}`);
      if (e.level <= logLevel.WARN) clientErrors.push(`${logLevel[e.level]} ${e.log.message} ${JSON.stringify({ ...e.log, message: undefined })}`);
    },
  });
  const id = randomBytes(4).toString('hex');
  const topic = `infra-check-${id}`;
  const groupId = `infra-check-${id}`;
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId });
  try {
    await admin.connect();
    const cluster = await step(log, 'admin.describeCluster', () => admin.describeCluster());
    log(`      brokers: ${cluster.brokers.map((b) => `${b.host}:${b.port}`).join(', ')}, controller ${cluster.controller}`);
    await step(log, `admin.createTopics ${topic} (3 partitions, replicationFactor -1) + wait for leaders`, () =>
      createTopicAndWait(admin, topic, 3),
    );
    await producer.connect();
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({ key: `customer-${i % 7}`, value: JSON.stringify({ i }) }));
    await step(log, `idempotent producer.sendBatch ${MESSAGES} messages (acks -1)`, () =>
      producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 }),
    );
    await consumer.connect();
    await step(log, `consumer group ${groupId}: subscribe + run, receive ${MESSAGES}`, () => consumeAll(consumer, topic));
    await step(log, 'consumer.disconnect (commits, leaves group)', () => consumer.disconnect());
    const committed = await step(log, 'admin.fetchOffsets (committed offsets)', () => committedTotal(admin, groupId, topic));
    if (committed !== MESSAGES) throw new Error(`committed offsets sum to ${committed}, expected ${MESSAGES}`);
    log(`      committed offsets sum to ${committed}`);
    await step(log, 'admin.deleteGroups + deleteTopics', async () => {
      await admin.deleteGroups([groupId]);
      await admin.deleteTopics({ topics: [topic] });
    });
    log(`      kafkajs request versions used: ${[...requests].sort().join(', ')}`);
  } catch (err) {
    const extra = clientErrors.length ? `\nkafkajs log:\n${clientErrors.slice(-10).join('\n')}` : '';
    throw new Error(`${err instanceof Error ? err.message : String(err)}${extra}`, { cause: err });
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
}

/** Smoke-tests resolved infrastructure the way the services use it. */
export async function verifyInfrastructure(infra: Endpoints, log: Log = console.log): Promise<void> {
  await checkPostgres(infra, log);
  await checkKafka(infra, log);
}
