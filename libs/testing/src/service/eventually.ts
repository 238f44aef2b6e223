import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';

/** Polls until the check passes; asynchronous flows (Kafka) settle in their own time. */
export async function eventually(check: () => Promise<boolean> | boolean, what = 'condition', timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}

export interface ReadRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Reads the first `count` records of a topic from the beginning with a throwaway consumer group. */
export async function readTopic(topic: string, count = 1, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const records: ReadRecord[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${records.length} of ${count} records on ${topic}`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          records.push({
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
          if (records.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
