import { createHook } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { createKafka, ensureTopics, KafkaLogger } from '@concierge/kafka';
import { eventually } from '@concierge/testing';

// The real broker from the Jest globalSetup. kafkajs 2.2.x re-arms a 1 ms timer on every broker
// connection forever (libs/kafka/src/kafkajs-idle-fix.ts); with the fix an idle client is quiet,
// and requests still go out when work arrives after a quiet spell.

const quiet: KafkaLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** Timers kafkajs code creates during `ms` milliseconds. */
async function kafkajsTimers(ms: number): Promise<number> {
  let count = 0;
  const hook = createHook({
    init(_id, type) {
      if (type !== 'Timeout') return;
      const where: { stack?: string } = {};
      Error.captureStackTrace(where);
      if (where.stack?.includes('/kafkajs/')) count++;
    },
  });
  hook.enable();
  await new Promise((r) => setTimeout(r, ms));
  hook.disable();
  return count;
}

describe('kafkajs at rest', () => {
  const topic = `test.kafkajs-idle.${randomUUID()}`;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: Consumer;
  const received: string[] = [];

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'kafkajs-idle-test', brokers: process.env.KAFKA_BROKERS ?? '', logger: quiet });
    await ensureTopics(kafka, [topic], { partitions: 1 });
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: `kafkajs-idle-${randomUUID()}`, maxWaitTimeInMs: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
    await producer.send({ topic, messages: [{ value: 'first' }] });
    await eventually(() => received.includes('first'), 'the first message consumed', 30_000);
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
  });

  it('does not spin timers on idle connections, and still sends and fetches after a quiet spell', async () => {
    // Unpatched: about a thousand a second per connection (producer, consumer, group coordinator).
    // Patched: the consumer's fetch and heartbeat timers only, a few a second.
    const timers = await kafkajsTimers(2_000);
    expect(timers).toBeLessThan(60);

    await producer.send({ topic, messages: [{ value: 'after a quiet spell' }] });
    await eventually(() => received.includes('after a quiet spell'), 'the later message consumed', 30_000);
    expect(received).toEqual(['first', 'after a quiet spell']);
  });
});
