import { join, resolve } from 'node:path';
import { testInfrastructureOptions } from '../jest/test-infra';
import { redactUrl } from './database';
import { stopLeftoverKafka } from './local/kafka';
import { stopLeftoverPostgres } from './local/postgres';
import { formatSeconds } from './local/process';
import { defaultStateDir } from './paths';
import { resolveInfrastructure } from './resolve';
import { verifyInfrastructure } from './smoke-check';
import { Infrastructure, InfrastructureOptions } from './types';

const USAGE = `Usage: node -r ./tools/register.js tools/infra.ts <command> [--test]

  up      start Postgres + Kafka in the foreground, print their URLs, stop on Ctrl-C
  down    stop a left-over local Postgres / Kafka (found through their pid files)
  check   start (or find) the infrastructure, smoke-test it with pg and kafkajs, stop it

  --test  use the test state dir and ports (tmp/test-infra, 54339, 19192/19193)

Environment: DATABASE_URL, KAFKA_BROKERS (use existing servers), CONCIERGE_STATE_DIR,
CONCIERGE_PG_PORT, CONCIERGE_KAFKA_PORT, CONCIERGE_KAFKA_CONTROLLER_PORT, CONCIERGE_CACHE_DIR,
CONCIERGE_INFRA=local (skip the Testcontainers probe).`;

const log = (line: string): void => console.log(`[infra] ${line}`);

function options(test: boolean): InfrastructureOptions {
  return test ? { ...testInfrastructureOptions(), log } : { log };
}

async function start(test: boolean): Promise<Infrastructure> {
  const started = Date.now();
  const infra = await resolveInfrastructure(options(test));
  log(`ready in ${formatSeconds(Date.now() - started)} (source: ${infra.source})`);
  return infra;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const handler = (sig: NodeJS.Signals) => {
      process.removeListener('SIGINT', handler);
      process.removeListener('SIGTERM', handler);
      // A second Ctrl-C while stopping exits at once; the exit hook still signals the servers.
      process.once('SIGINT', () => process.exit(130));
      resolveSignal(sig);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

async function up(test: boolean): Promise<void> {
  const infra = await start(test);
  console.log(`\nDATABASE_URL=${infra.adminDatabaseUrl}\nKAFKA_BROKERS=${infra.kafkaBrokers}\n`);
  log('running; press Ctrl-C to stop');
  const sig = await waitForSignal();
  log(`${sig}: stopping…`);
  const stopping = Date.now();
  await infra.stop();
  log(`stopped (${formatSeconds(Date.now() - stopping)})`);
}

async function down(test: boolean): Promise<void> {
  const stateDir = resolve(test ? testInfrastructureOptions().stateDir : defaultStateDir());
  const [pg, kafka] = await Promise.all([stopLeftoverPostgres(join(stateDir, 'postgres')), stopLeftoverKafka(join(stateDir, 'kafka'))]);
  log(`PostgreSQL: ${pg ? 'stopped' : 'not running'}; Kafka: ${kafka ? 'stopped' : 'not running'} (${stateDir})`);
}

async function check(test: boolean): Promise<void> {
  const infra = await start(test);
  try {
    log(`checking ${redactUrl(infra.adminDatabaseUrl)} and ${infra.kafkaBrokers}`);
    const started = Date.now();
    await verifyInfrastructure(infra, log);
    log(`check passed (${formatSeconds(Date.now() - started)})`);
  } finally {
    const stopping = Date.now();
    await infra.stop();
    log(`stopped (${formatSeconds(Date.now() - stopping)})`);
  }
}

const COMMANDS: Record<string, (test: boolean) => Promise<void>> = { up, down, check };

export async function runInfraCli(argv: string[]): Promise<number> {
  const [command, ...flags] = argv;
  const run = command ? COMMANDS[command] : undefined;
  const unknown = flags.filter((f) => f !== '--test');
  if (!run || unknown.length) {
    console.error(USAGE);
    return 2;
  }
  try {
    await run(flags.includes('--test'));
    return 0;
  } catch (err) {
    console.error(`[infra] ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
