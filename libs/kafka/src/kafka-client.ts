import { Kafka, logLevel, LogEntry, Admin } from 'kafkajs';
import { dlqTopic } from '@concierge/contracts';

export interface KafkaLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export function createKafka(opts: { clientId: string; brokers: string; logger: KafkaLogger }): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers.split(',').map((b) => b.trim()),
    connectionTimeout: 5000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        const fields = { component: 'kafkajs', ...rest };
        if (level <= logLevel.ERROR) opts.logger.error(fields, message);
        else if (level === logLevel.WARN) opts.logger.warn(fields, message);
        else opts.logger.debug(fields, message);
      },
  });
}

/** Creates missing topics (and their DLQs); works whether or not the broker auto-creates topics. */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  options: { partitions: number; withDlq?: boolean },
): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = new Set(topics.flatMap((t) => (options.withDlq ? [t, dlqTopic(t)] : [t])));
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted].filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: options.partitions, replicationFactor: -1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
