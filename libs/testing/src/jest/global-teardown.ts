import { TEST_ADMIN_URL_ENV, TEST_RUN_ENV } from './test-infra';
import { dropTestDatabases } from './test-database';

/** Jest globalTeardown: drops this run's test databases, then stops what globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__CONCIERGE_INFRA__;
  if (!infra) return;
  globalThis.__CONCIERGE_INFRA__ = undefined;
  const runId = process.env[TEST_RUN_ENV];
  try {
    if (runId && process.env[TEST_ADMIN_URL_ENV]) await dropTestDatabases(process.env[TEST_ADMIN_URL_ENV], runId);
  } finally {
    await infra.stop();
  }
}
