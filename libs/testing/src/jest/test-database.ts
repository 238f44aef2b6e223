import { randomBytes } from 'node:crypto';
import { ensureDatabase, withClient } from '../infra/database';
import { TEST_ADMIN_URL_ENV, TEST_RUN_ENV } from './test-infra';

const COMMENT_PREFIX = 'concierge-test run=';
const MAX_PREFIX_BYTES = 63 - 9;

function testAdminUrl(): string {
  const url = process.env[TEST_ADMIN_URL_ENV];
  if (!url)
    throw new Error(
      `${TEST_ADMIN_URL_ENV} is not set: configure Jest with globalSetup ` +
        '"libs/testing/src/jest/global-setup.ts" (and globalTeardown ".../global-teardown.ts").',
    );
  return url;
}

/** Creates a fresh, uniquely named database (`<prefix>_<random>`) on the test server and returns its URL. */
export async function testDatabaseUrl(prefix: string): Promise<string> {
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, MAX_PREFIX_BYTES) || 'test';
  const name = `${safePrefix}_${randomBytes(4).toString('hex')}`;
  const adminUrl = testAdminUrl();
  const url = await ensureDatabase(adminUrl, name);
  const runId = process.env[TEST_RUN_ENV];
  if (runId)
    await withClient(adminUrl, (c) => c.query(`COMMENT ON DATABASE ${c.escapeIdentifier(name)} IS ${c.escapeLiteral(COMMENT_PREFIX + runId)}`));
  return url;
}

/** Drops the databases testDatabaseUrl made during the given run. */
export async function dropTestDatabases(adminUrl: string, runId: string): Promise<number> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      'SELECT d.datname FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid ' +
        "AND s.classoid = 'pg_database'::regclass WHERE s.description = $1",
      [COMMENT_PREFIX + runId],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(datname)} WITH (FORCE)`);
    return rows.length;
  });
}
