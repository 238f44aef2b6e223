import { withClient } from './database';
import { POSTGRES_SETTINGS } from './postgres-settings';
import { TEST_ADMIN_URL_ENV } from '../jest/test-infra';

// The PostgreSQL this project starts (here the test server; `npm start` and the benches use the same
// launcher) runs with the project's settings. A server given through DATABASE_URL is the operator's.
(process.env.DATABASE_URL ? describe.skip : describe)('PostgreSQL started by the project', () => {
  it('runs with the project settings (shared buffers big enough for identity lookups at a million identities)', async () => {
    const shown = await withClient(process.env[TEST_ADMIN_URL_ENV]!, async (c) => {
      const out: string[] = [];
      for (const setting of POSTGRES_SETTINGS) {
        const [name] = setting.split('=');
        out.push(`${name}=${(await c.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name]}`);
      }
      return out;
    });
    expect(shown).toEqual(['shared_buffers=512MB']);
  });
});
