import { testDatabaseUrl } from '@concierge/testing';
import { schemaDrift, SERVICES_WITH_DATABASE } from './schema-drift';

describe('committed migrations', () => {
  it.each(SERVICES_WITH_DATABASE)('%s: migrations create exactly what the entities describe', async (service) => {
    const drift = await schemaDrift(service, await testDatabaseUrl(`drift_${service.replace(/-/g, '_')}`));
    // Non-empty: an entity changed without `npm run migration:generate -- <service> <Name>`.
    expect(drift.up.map((q) => q.query)).toEqual([]);
  });
});
