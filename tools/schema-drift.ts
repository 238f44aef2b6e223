import * as path from 'node:path';
import type { Query } from 'typeorm/driver/Query';
import { createServiceDataSource, openDataSource } from '@concierge/persistence';

export const SERVICES_WITH_DATABASE = ['channel-ingress', 'identity-graph', 'dialogue-agent', 'prediction', 'commerce-checkout', 'insights'];

export function serviceDatabase(service: string): { entities: Function[]; migrations: Function[] } {
  // require, not import(): ts-node and Jest hook CommonJS loading.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.resolve(__dirname, '..', 'services', service, 'src', 'database.ts'));
}

/** Applies a service's committed migrations to an empty database and returns what its entities still need. */
export async function schemaDrift(service: string, emptyDatabaseUrl: string): Promise<{ up: Query[]; down: Query[] }> {
  const { entities, migrations } = serviceDatabase(service);
  const ds = await openDataSource(createServiceDataSource({ url: emptyDatabaseUrl, service, entities, migrations }));
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    return { up: sql.upQueries, down: sql.downQueries };
  } finally {
    await ds.destroy();
  }
}
