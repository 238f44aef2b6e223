import { Kafka, KafkaConfig, logLevel, LogEntry, Admin } from 'kafkajs';
import { dlqTopic } from '@concierge/contracts';
import './kafkajs-idle-fix';

export interface KafkaLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export function createKafka(opts: {
  clientId: string;
  brokers: string;
  logger: KafkaLogger;
  /** TLS and SASL (KAFKA_SSL*, KAFKA_SASL_* read by service-kit); absent = plaintext. */
  ssl?: KafkaConfig['ssl'];
  sasl?: KafkaConfig['sasl'];
}): Kafka {
  return new Kafka({
    ...(opts.ssl ? { ssl: opts.ssl } : {}),
    ...(opts.sasl ? { sasl: opts.sasl } : {}),
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
        // kafkajs logs every error response (coordinator loading, topic being created) at ERROR and then
        // retries it; what does not recover reaches our code as an exception and is logged there.
        if (level <= logLevel.ERROR && message.startsWith('Response ')) opts.logger.debug(fields, message);
        else if (level <= logLevel.ERROR) opts.logger.error(fields, message);
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
      await admin
        .createTopics({
          // kafkajs gives up on "does not host this topic-partition" while leaders are elected; waitForLeaders below retries.
          waitForLeaders: false,
          topics: missing.map((topic) => ({ topic, numPartitions: options.partitions, replicationFactor: -1 })),
        })
        .catch((err: { type?: string }) => {
          // Another service created them at the same moment.
          if (err.type !== 'TOPIC_ALREADY_EXISTS') throw err;
        });
    }
    await waitForLeaders(admin, [...wanted]);
  } finally {
    await admin.disconnect();
  }
}

/** Topics another service is still creating have no leader yet; consuming them then only logs errors. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const leaderless = await admin
      .fetchTopicMetadata({ topics })
      .then((m) => m.topics.filter((t) => !t.partitions.length || t.partitions.some((p) => p.leader < 0)).length)
      .catch(() => topics.length);
    if (leaderless === 0 || Date.now() > until) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
