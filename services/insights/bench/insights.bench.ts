/**
 * Replays conversation events (message-received + turn-completed pairs) through a real insights
 * instance on the shared Kafka and Postgres, and prints ingest throughput, the delay from a customer
 * message being published to its fact on concierge.insights.conversation-fact.v1 (p50/p99), and the
 * alert latency after the 5th matching message.
 *   DATABASE_URL=… KAFKA_BROKERS=… npm run bench:insights -- [--events 100000] [--tenants 20] [--alerts 5]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { CommonV1, DialogueV1, Events, IngressV1 } from '@concierge/contracts';
import { cloudEventHeaders, IdempotentConsumer } from '@concierge/kafka';
import { bootstrapService } from '@concierge/service-kit';
import { ensureDatabase, freePort } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const EVENTS = arg('events', 100_000);
const TENANTS = arg('tenants', 20);
const ALERT_RUNS = arg('alerts', 5);
const BATCH = 500;

const TEXTS = [
  'Where is my order?', 'Сколько стоит доставка?', 'This is too expensive for me', 'Will size M fit me?', 'Хочу вернуть товар',
  'Is this an original product?', 'My card was declined', 'Thanks, love it!', 'Ужасный сервис', 'Do you have it in stock?',
  'Hello', 'Когда привезут заказ?', 'Can I pay with Apple Pay?', 'Какой материал у куртки?', 'The checkout button does not work',
];
const PROMO = ["I can't find the promo code field", 'где ввести промокод?', 'не могу найти поле для промокода', 'Where do I enter my coupon code?', 'не нахожу куда вводить промокод'];

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS) throw new Error('set DATABASE_URL and KAFKA_BROKERS (the shared infrastructure)');
  const adminUrl = process.env.DATABASE_URL;
  const prefix = `bench.insights.${randomBytes(3).toString('hex')}.`;
  const dbUrl = await ensureDatabase(adminUrl, `insights_bench_${randomBytes(4).toString('hex')}`);
  Object.assign(process.env, {
    DATABASE_URL: dbUrl, KAFKA_TOPIC_PREFIX: prefix, HOST: '127.0.0.1', HTTP_PORT: String(await freePort()), GRPC_PORT: String(await freePort()),
    LOG_LEVEL: 'error', INSIGHTS_FACT_WAIT_MS: '5000', INSIGHTS_ROLLUP_INTERVAL_MS: '600000',
  });
  console.log(`insights bench: ${EVENTS.toLocaleString()} events (${(EVENTS / 2).toLocaleString()} messages + turns), ${TENANTS} tenants, ${cpus().length} cores, node ${process.version}`);
  const admin = new Kafka({ clientId: 'insights-bench-admin', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  // Partitioned by customer as in production, so the consumer can work on partitions in parallel.
  await admin.createTopics({ waitForLeaders: true, topics: [Events.messageReceived, Events.turnCompleted].map((e) => ({ topic: prefix + e.topic, numPartitions: 3 })) });
  await admin.disconnect();
  const service = await bootstrapService(AppModule, SERVICE);
  const consumer = service.app.get(IdempotentConsumer);
  const kafka = new Kafka({ clientId: 'insights-bench', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.ERROR });
  const producer = kafka.producer();
  await producer.connect();

  const sentAt = new Map<string, number>();
  const factDelays: number[] = [];
  const alertSeen = new Map<string, number>();
  const tap = kafka.consumer({ groupId: `bench-tap-${randomUUID()}` });
  await tap.connect();
  await tap.subscribe({ topics: [prefix + Events.conversationFact.topic, prefix + Events.alertRaised.topic], fromBeginning: true });
  await tap.run({
    eachMessage: async ({ topic, message }) => {
      const now = Date.now();
      const value = JSON.parse(message.value!.toString()) as { inboundMessageId?: string; alert?: { tenantId: string; subject: string } };
      if (topic.endsWith(Events.conversationFact.topic)) {
        const t = sentAt.get(value.inboundMessageId ?? '');
        if (t) factDelays.push(now - t);
      } else if (value.alert?.subject === 'ui_friction:promo_code' && !alertSeen.has(value.alert.tenantId)) alertSeen.set(value.alert.tenantId, now);
    },
  });

  const record = <T>(event: { topic: string; type: string; codec: { toJSON(p: T): unknown } }, payload: T, key: string, tenantId: string) => {
    const id = randomUUID();
    return {
      topic: prefix + event.topic,
      message: { key, value: JSON.stringify(event.codec.toJSON(payload)), headers: cloudEventHeaders({ id, type: event.type, source: '/bench', time: new Date().toISOString(), subject: key, tenantId, correlationId: id }) },
    };
  };

  const customers = Array.from({ length: 5000 }, () => randomUUID());
  const started = Date.now();
  let published = 0;
  let lastReport = started;
  for (let i = 0; i < EVENTS / 2; i += BATCH / 2) {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    const batchTimes: string[] = [];
    for (let j = i; j < Math.min(EVENTS / 2, i + BATCH / 2); j++) {
      const tenantId = `t${j % TENANTS}`;
      const customerId = customers[j % customers.length];
      const conversationId = `c-${customerId}`;
      const messageId = randomUUID();
      const text = TEXTS[j % TEXTS.length];
      const now = new Date().toISOString();
      const m = record(Events.messageReceived, IngressV1.MessageReceived.fromJSON({ message: { messageId, tenantId, customerId, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, text, receivedAt: now } }), customerId, tenantId);
      const t = record(
        Events.turnCompleted,
        DialogueV1.TurnCompleted.fromJSON({ tenantId, customerId, conversationId, turnId: randomUUID(), inboundMessageId: messageId, channelKind: 'CHANNEL_KIND_WIDGET', customerText: text, replyText: 'ok', receivedAt: now, repliedAt: now, sentiment: 0.1, decisionStyle: 'rational' }),
        customerId, tenantId,
      );
      for (const r of [m, t]) (byTopic.get(r.topic) ?? byTopic.set(r.topic, []).get(r.topic)!).push(r.message);
      batchTimes.push(messageId);
    }
    await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    const at = Date.now();
    for (const id of batchTimes) sentAt.set(id, at);
    published += batchTimes.length * 2;
    // Keep the backlog bounded so the fact delay measures the pipeline, not a queue we built up ourselves.
    while (published - consumer.stats.processed - consumer.stats.duplicates > 600) await new Promise((r) => setTimeout(r, 50));
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      console.log(`  … ${consumer.stats.processed.toLocaleString()} / ${EVENTS.toLocaleString()} processed, ${((consumer.stats.processed / (Date.now() - started)) * 1000).toFixed(0)} events/s`);
    }
  }
  while (consumer.stats.processed + consumer.stats.deadLettered < EVENTS) await new Promise((r) => setTimeout(r, 100));
  const ingestMs = Date.now() - started;
  const deadline = Date.now() + 30_000;
  while (factDelays.length < EVENTS / 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

  // The same delay with no replay backlog: one message and its turn at a time.
  const idleDelays: number[] = [];
  for (let k = 0; k < 20; k++) {
    const before = factDelays.length;
    const customerId = randomUUID();
    const messageId = randomUUID();
    const now = new Date().toISOString();
    const m = record(Events.messageReceived, IngressV1.MessageReceived.fromJSON({ message: { messageId, tenantId: 't0', customerId, channelKind: 'CHANNEL_KIND_WIDGET', text: TEXTS[k % TEXTS.length], receivedAt: now } }), customerId, 't0');
    const t = record(Events.turnCompleted, DialogueV1.TurnCompleted.fromJSON({ tenantId: 't0', customerId, conversationId: `c-${customerId}`, turnId: randomUUID(), inboundMessageId: messageId, channelKind: 'CHANNEL_KIND_WIDGET', customerText: TEXTS[k % TEXTS.length], replyText: 'ok', receivedAt: now, repliedAt: now }), customerId, 't0');
    sentAt.set(messageId, Date.now());
    await producer.send({ topic: m.topic, messages: [m.message] });
    await producer.send({ topic: t.topic, messages: [t.message] });
    const t0 = Date.now();
    while (factDelays.length === before && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
    if (factDelays.length > before) idleDelays.push(factDelays[factDelays.length - 1]);
  }

  // Alert latency: five customers of a fresh tenant write about the promo code; the clock starts when the 5th is published.
  const alertLatencies: number[] = [];
  for (let run = 0; run < ALERT_RUNS; run++) {
    const tenantId = `alert-${run}-${randomBytes(2).toString('hex')}`;
    for (const [k, text] of PROMO.entries()) {
      const customerId = randomUUID();
      const r = record(Events.messageReceived, IngressV1.MessageReceived.fromJSON({ message: { messageId: randomUUID(), tenantId, customerId, channelKind: 'CHANNEL_KIND_WIDGET', text, receivedAt: new Date().toISOString() } }), customerId, tenantId);
      const t0 = Date.now();
      await producer.send({ topic: r.topic, messages: [r.message] });
      if (k === PROMO.length - 1) {
        while (!alertSeen.has(tenantId) && Date.now() - t0 < 30_000) await new Promise((res) => setTimeout(res, 5));
        if (alertSeen.has(tenantId)) alertLatencies.push(alertSeen.get(tenantId)! - t0);
      }
    }
  }

  console.log(`\ningest: ${EVENTS.toLocaleString()} events in ${(ingestMs / 1000).toFixed(1)} s = ${((EVENTS / ingestMs) * 1000).toFixed(0)} events/s (dead-lettered ${consumer.stats.deadLettered})`);
  const replayed = factDelays.slice(0, factDelays.length - idleDelays.length);
  console.log(`customer message → fact on Kafka during the replay (${replayed.length.toLocaleString()} facts, backlog ≤ 600 events): p50 ${pct(replayed, 50)} ms, p99 ${pct(replayed, 99)} ms`);
  console.log(`customer message → fact on Kafka, one at a time (${idleDelays.length} facts): p50 ${pct(idleDelays, 50)} ms, p99 ${pct(idleDelays, 99)} ms`);
  console.log(`alert after the 5th matching message (${alertLatencies.length}/${ALERT_RUNS} runs): p50 ${pct(alertLatencies, 50)} ms, max ${Math.max(...alertLatencies)} ms`);
  await tap.disconnect();
  await producer.disconnect();
  await service.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(`insights bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
