import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { singleNodeSettings } from './local/kafka-config';
import { withDatabaseName } from './database';
import { Log } from './types';
import { postgresSettingFlags } from './postgres-settings';

export const POSTGRES_IMAGE = 'postgres:17';
export const KAFKA_IMAGE = 'apache/kafka:4.1.1';
const DETECT_TIMEOUT_MS = 3000;

export interface StartedPart<T> {
  value: T;
  stop(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Asks Testcontainers whether a container engine answers; never throws. */
export async function containerEngineAvailable(log: Log): Promise<boolean> {
  if (process.env.CONCIERGE_INFRA === 'local') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withTimeout(getContainerRuntimeClient(), DETECT_TIMEOUT_MS, 'The container engine');
    return true;
  } catch (err) {
    log(`No container engine for Testcontainers (${err instanceof Error ? err.message : String(err)}); using the local launcher.`);
    return false;
  }
}

export async function startPostgresContainer(log: Log): Promise<StartedPart<string>> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  log(`Testcontainers: starting ${POSTGRES_IMAGE}…`);
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).withUsername('postgres').withPassword('postgres').withCommand(['postgres', ...postgresSettingFlags()]).start();
  return { value: withDatabaseName(container.getConnectionUri(), 'postgres'), stop: async () => void (await container.stop()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Container environment for the apache/kafka image (each setting as KAFKA_<KEY>). */
function kafkaEnvironment(host: string, port: number): Record<string, string> {
  const settings: Record<string, string> = {
    ...singleNodeSettings(),
    'controller.quorum.voters': '1@localhost:9093',
    listeners: `PLAINTEXT://0.0.0.0:${port},BROKER://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093`,
    'advertised.listeners': `PLAINTEXT://${host}:${port},BROKER://localhost:9092`,
    'inter.broker.listener.name': 'BROKER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT',
  };
  const env = Object.fromEntries(Object.entries(settings).map(([k, v]) => [`KAFKA_${k.toUpperCase().replace(/\./g, '_')}`, v]));
  return { ...env, CLUSTER_ID: randomBytes(16).toString('base64url') };
}

/**
 * @testcontainers/kafka's KafkaContainer only drives Confluent images (its withKraft() rejects the
 * tag "4.1.1"), so the apache/kafka image runs as a GenericContainer. The advertised listener must
 * carry the host port, hence a fixed binding on a port picked here.
 */
export async function startKafkaContainer(log: Log): Promise<StartedPart<string>> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const port = await freePort();
  log(`Testcontainers: starting ${KAFKA_IMAGE} (KRaft)…`);
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withEnvironment(kafkaEnvironment(host, port))
    .withExposedPorts({ container: port, host: port })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return { value: `${host}:${port}`, stop: async () => void (await container.stop()) };
}
