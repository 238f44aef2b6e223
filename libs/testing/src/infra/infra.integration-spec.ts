import { withClient } from './database';
import { checkKafka, checkPostgres } from './smoke-check';
import { testDatabaseUrl } from '../jest/test-database';
import { TEST_ADMIN_URL_ENV } from '../jest/test-infra';

// Needs the Jest globalSetup from libs/testing/src/jest (it provides these variables).
function endpoints() {
  const adminDatabaseUrl = process.env[TEST_ADMIN_URL_ENV];
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  if (!adminDatabaseUrl || !kafkaBrokers) throw new Error(`${TEST_ADMIN_URL_ENV} / KAFKA_BROKERS unset: is globalSetup configured?`);
  return { adminDatabaseUrl, kafkaBrokers };
}

const quiet = (): void => undefined;

describe('test infrastructure', () => {
  it('testDatabaseUrl creates a fresh database that answers select 1', async () => {
    const [a, b] = await Promise.all([testDatabaseUrl('infra_spec'), testDatabaseUrl('infra_spec')]);
    expect(a).not.toEqual(b);
    const db = await withClient(a, async (c) => (await c.query<{ db: string; one: number }>('select current_database() as db, 1 as one')).rows[0]);
    expect(db.one).toBe(1);
    expect(db.db).toMatch(/^infra_spec_[0-9a-f]{8}$/);
  });

  it('ensureDatabase tolerates concurrent creation of the same database', async () => {
    await checkPostgres(endpoints(), quiet);
  });

  it('kafkajs works against the broker: admin, idempotent producer, consumer group with committed offsets', async () => {
    await checkKafka(endpoints(), quiet);
  }, 60_000);
});
