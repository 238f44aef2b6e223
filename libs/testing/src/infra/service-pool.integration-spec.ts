import { DataSource } from 'typeorm';
import { createServiceDataSource, openDataSource } from '@concierge/persistence';
import { testDatabaseUrl } from '../jest/test-database';

// The pool every service opens (createServiceDataSource). pg's own default closes a connection after
// 10 s idle; the next burst then paid a PostgreSQL fork and a SCRAM exchange per connection while its
// callers waited.
describe('service data source pool', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource(createServiceDataSource({ url: await testDatabaseUrl('pool_keep'), service: 'pool-keep', entities: [], migrations: [], poolSize: 4 }));
  });
  afterAll(() => ds?.destroy());

  const backends = async () => {
    // Four at once, each holding its connection until all four have one: every pooled connection answers.
    const pids = await Promise.all(Array.from({ length: 4 }, () => ds.query(`SELECT pg_backend_pid() AS pid, pg_sleep(0.2)`)));
    return new Set(pids.map(([r]) => r.pid as number));
  };

  it('keeps its connections through a quiet spell longer than pg’s 10 s idle timeout', async () => {
    const before = await backends();
    expect(before.size).toBe(4);
    await new Promise((r) => setTimeout(r, 11_000));
    expect(await backends()).toEqual(before);
  }, 30_000);
});
