import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

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

/**
 * Reads a topic from the beginning with a throwaway consumer group: the first `count` records,
 * or until `until(records)` holds.
 */
export async function readTopic(
  topic: string,
  count: number | ((records: ReadRecord[]) => boolean) = 1,
  timeoutMs = 20_000,
): Promise<ReadRecord[]> {
  const done = typeof count === 'number' ? (r: ReadRecord[]) => r.length >= count : count;
  const kafka = new Kafka({ clientId: 'test-reader', brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const records: ReadRecord[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${records.length} records on ${topic}, not what was awaited`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          records.push({
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          });
          if (done(records)) {
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
