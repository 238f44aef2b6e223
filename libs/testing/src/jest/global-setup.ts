import { randomBytes } from 'node:crypto';
import { resolveInfrastructure } from '../infra/resolve';
import { TEST_ADMIN_URL_ENV, TEST_RUN_ENV, testInfrastructureOptions } from './test-infra';

/**
 * Jest globalSetup: resolves Postgres and Kafka once per run and hands them to the workers
 * through environment variables (workers inherit the parent's environment).
 */
export default async function globalSetup(): Promise<void> {
  const infra = await resolveInfrastructure({ ...testInfrastructureOptions(), log: (line) => console.log(`[test-infra] ${line}`) });
  globalThis.__CONCIERGE_INFRA__ = infra;
  process.env[TEST_ADMIN_URL_ENV] = infra.adminDatabaseUrl;
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env[TEST_RUN_ENV] = `${process.pid}-${randomBytes(3).toString('hex')}`;
}
