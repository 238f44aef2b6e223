import { z } from 'zod';
import { ConfigError, parseEnv, postgresUrl } from '@concierge/config';
import { createServiceDataSource, openDataSource } from '@concierge/persistence';
import type { MixedList, EntitySchema } from 'typeorm';

/** What a migrations-only run needs from ServiceKitModule.forRoot (recorded when the app module is loaded). */
export interface MigrationTarget {
  service: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Function[];
}

const targets = new Map<string, MigrationTarget>();

export function registerMigrationTarget(target: MigrationTarget): void {
  targets.set(target.service, target);
}

/** `node main.js migrate` or MIGRATE_ONLY=1/true: apply pending migrations and exit (Helm hook Job, compose init job). */
export function isMigrateOnlyRun(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  return argv[2] === 'migrate' || /^(1|true|yes)$/i.test(env.MIGRATE_ONLY ?? '');
}

/** Applies the service's pending migrations (only DATABASE_URL is read) and returns how many ran. */
export async function runMigrationsOnly(service: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const target = targets.get(service);
  if (!target) throw new Error(`${service}: no ServiceKitModule.forRoot({ service: '${service}' }) was loaded; nothing to migrate`);
  const config = parseEnv(service, z.object({ DATABASE_URL: postgresUrl }), env);
  const dataSource = createServiceDataSource({ url: config.DATABASE_URL, service: `${service}-migrate`, entities: target.entities, migrations: target.migrations, poolSize: 1 });
  await dataSource.initialize();
  try {
    const before = new Set((await dataSource.query(`SELECT name FROM migrations`).catch(() => [])).map((r: { name: string }) => r.name));
    await openDataSource(dataSource);
    const after = (await dataSource.query(`SELECT name FROM migrations ORDER BY id`)) as { name: string }[];
    return after.map((r) => r.name).filter((n) => !before.has(n));
  } finally {
    await dataSource.destroy();
  }
}

/** Entry point of a migrations-only run: one line per applied migration, exit 0; a bad DATABASE_URL exits 78. */
export function runMigrationsAndExit(service: string): void {
  const started = Date.now();
  process.stdout.write(`${service}: applying migrations\n`);
  runMigrationsOnly(service)
    .then((applied) => {
      for (const name of applied) process.stdout.write(`${service}: applied ${name}\n`);
      process.stdout.write(`${service}: database is up to date (${applied.length} applied, ${Date.now() - started} ms)\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(78);
      }
      process.stderr.write(`${service}: migrations failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
