import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

export interface BenchLeftovers {
  /** Admin connection to the server the bench created its databases on. */
  adminDatabaseUrl: string;
  databases: string[];
  kafkaBrokers: string;
  /** Every topic starting with this is deleted (the bench's KAFKA_TOPIC_PREFIX). */
  topicPrefix: string;
  log: (line: string) => void;
}

/**
 * Drops what one bench run created: its databases and its prefixed Kafka topics. Without this,
 * repeated runs pile up on the local infrastructure (hundreds of partitions and databases), and
 * a broker carrying thousands of idle partitions makes later measurements slower.
 * Call it after the bench's services have stopped; failures are reported, not thrown.
 */
export async function removeBenchLeftovers(o: BenchLeftovers): Promise<void> {
  const admin = new Client({ connectionString: o.adminDatabaseUrl });
  try {
    await admin.connect();
    for (const db of o.databases) await admin.query(`DROP DATABASE IF EXISTS "${db.replace(/"/g, '""')}" WITH (FORCE)`);
  } catch (err) {
    o.log(`could not drop the bench databases (${o.databases.join(', ')}): ${(err as Error).message}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  if (!o.topicPrefix) return;
  const kafka = new Kafka({ clientId: 'bench-cleanup', brokers: o.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const kadmin = kafka.admin();
  try {
    await kadmin.connect();
    const topics = (await kadmin.listTopics()).filter((t) => t.startsWith(o.topicPrefix));
    if (topics.length) await kadmin.deleteTopics({ topics, timeout: 30_000 });
    o.log(`removed ${o.databases.length} database(s) and ${topics.length} topic(s) of this run (--keep keeps them)`);
  } catch (err) {
    o.log(`could not delete the bench topics (${o.topicPrefix}*): ${(err as Error).message}`);
  } finally {
    await kadmin.disconnect().catch(() => undefined);
  }
}
