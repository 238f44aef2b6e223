import { Type } from '@nestjs/common';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { ServiceProto } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { bootstrapService, BootstrapOptions, RunningService } from '@concierge/service-kit';
import { testDatabaseUrl } from '../jest/test-database';

export const TEST_INTERNAL_API_KEY = 'concierge-test-internal-key';

/** A free TCP port on loopback, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A Kafka topic namespace of its own, so concurrent test files never see each other's events. */
export function testTopicPrefix(label: string): string {
  return `test.${label}.${randomBytes(3).toString('hex')}.`;
}

export interface TestService extends RunningService {
  env: Record<string, string>;
  client<C>(proto: ServiceProto, apiKey?: string): UnaryClient<C>;
}

/** A service's environment in tests: free ports, its test database, the run's broker, the test key; `env` overrides. */
export async function testServiceEnv(databaseUrl: string, env: Record<string, string> = {}): Promise<Record<string, string>> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    GRPC_PORT: String(grpcPort),
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
    KAFKA_TOPIC_PARTITIONS: '1',
    INTERNAL_API_KEY: TEST_INTERNAL_API_KEY,
    ...env,
  };
}

/**
 * Boots a service in this process against its own fresh database and the run's Kafka broker,
 * on free ports. `env` overrides anything (e.g. addresses of other services).
 */
export async function startTestService(
  module: Type<unknown>,
  options: BootstrapOptions,
  env: Record<string, string> = {},
): Promise<TestService> {
  const values = await testServiceEnv(await testDatabaseUrl(options.service.replace(/-/g, '_')), env);
  Object.assign(process.env, values);
  const running = await bootstrapService(module, options);
  const clients: { close(): void }[] = [];
  return {
    ...running,
    env: values,
    client<C>(proto: ServiceProto, apiKey = TEST_INTERNAL_API_KEY) {
      const c = createGrpcClient<C>(proto, { address: running.grpcAddress, apiKey, deadlineMs: 10_000 });
      clients.push(c);
      return c;
    },
    async close() {
      clients.forEach((c) => c.close());
      await running.close();
    },
  };
}
