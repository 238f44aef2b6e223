import { join } from 'node:path';
import { findRepoRoot } from '../infra/paths';
import { Infrastructure, InfrastructureOptions } from '../infra/types';

declare global {
  /** Set by globalSetup, read by globalTeardown (same process). */
  var __CONCIERGE_INFRA__: Infrastructure | undefined;
}

/** Tests get their own state dir and ports so they never collide with a running `npm start`. */
export function testInfrastructureOptions(): Required<Omit<InfrastructureOptions, 'log'>> {
  return {
    stateDir: join(findRepoRoot(), 'tmp', 'test-infra'),
    postgresPort: 54339,
    kafkaPort: 19192,
    kafkaControllerPort: 19193,
  };
}

export const TEST_ADMIN_URL_ENV = 'CONCIERGE_TEST_ADMIN_DATABASE_URL';
/** Tags databases made by testDatabaseUrl, so the run that made them can drop them. */
export const TEST_RUN_ENV = 'CONCIERGE_TEST_RUN_ID';
