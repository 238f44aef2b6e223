/**
 * Generates a service's next TypeORM migration from its entities:
 *   npm run migration:generate -- <service> <Name>
 * Applies the committed migrations to a scratch database, diffs it against the entities and
 * writes services/<service>/src/migrations/<timestamp>-<name>.ts plus the migrations index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDatabase, resolveInfrastructure } from '@concierge/testing';
import { schemaDrift } from './schema-drift';

async function main() {
  const [service, name] = process.argv.slice(2);
  if (!service || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('usage: npm run migration:generate -- <service> <PascalCaseName>');
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..');
  const srcDir = path.join(root, 'services', service, 'src');
  if (!fs.existsSync(path.join(srcDir, 'database.ts'))) {
    console.error(`services/${service}/src/database.ts not found`);
    process.exit(2);
  }
  const migrationsDir = path.join(srcDir, 'migrations');
  fs.mkdirSync(migrationsDir, { recursive: true });
  writeIndex(migrationsDir);
  const infra = await resolveInfrastructure({ log: (l) => console.log(l) });
  try {
    const scratch = `migration_gen_${service.replace(/-/g, '_')}_${Date.now()}`;
    const url = await ensureDatabase(infra.adminDatabaseUrl, scratch);
    const sql = await schemaDrift(service, url);
    if (!sql.up.length) {
      console.log('entities and migrations agree: nothing to generate');
      return;
    }
    const ts = Date.now();
    const className = `${name}${ts}`;
    const q = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
    const stmt = (x: { query: string; parameters?: unknown[] }) => {
      const { query, parameters } = portable(x.query, x.parameters ?? [], scratch);
      return `    await q.query(${q(query)}${parameters.length ? `, ${JSON.stringify(parameters)}` : ''});`;
    };
    const up = sql.up.map(stmt).join('\n');
    const down = [...sql.down].reverse().map(stmt).join('\n');
    const file = path.join(migrationsDir, `${ts}-${kebab(name)}.ts`);
    fs.writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
        `export class ${className} implements MigrationInterface {\n  name = '${className}';\n\n` +
        `  async up(q: QueryRunner): Promise<void> {\n${up}\n  }\n\n` +
        `  async down(q: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    writeIndex(migrationsDir);
    console.log(`wrote ${path.relative(root, file)} (${sql.up.length} statements)`);
  } finally {
    await infra.stop();
  }
}

/**
 * TypeORM records generated columns in typeorm_metadata under the database's name; the
 * scratch database's name would be wrong everywhere else, so it becomes current_database().
 */
function portable(query: string, parameters: unknown[], scratch: string) {
  const kept: unknown[] = [];
  const position = new Map<number, string>();
  parameters.forEach((p, i) => {
    if (p === scratch) position.set(i + 1, 'current_database()');
    else position.set(i + 1, `$${kept.push(p)}`);
  });
  return { query: query.replace(/\$(\d+)/g, (_, n) => position.get(Number(n)) ?? `$${n}`), parameters: kept };
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The index lists every migration file in timestamp order. */
function writeIndex(dir: string) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d+-.+\.ts$/.test(f))
    .sort();
  const imports = files.map((f, i) => `import * as m${i} from './${f.replace(/\.ts$/, '')}';`);
  const list = files.map((_, i) => `  ...Object.values(m${i}),`);
  fs.writeFileSync(
    path.join(dir, 'index.ts'),
    `// Written by tools/migrations.ts: every migration of this service, oldest first.\n` +
      `${imports.join('\n')}\n\nexport const migrations: Function[] = [\n${list.join('\n')}\n];\n`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
