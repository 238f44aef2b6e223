import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The folder holding nx.json, found by walking up from this file. */
export function findRepoRoot(start: string = __dirname): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the repository root (no nx.json above ${start})`);
  }
}

export function defaultStateDir(): string {
  return process.env.CONCIERGE_STATE_DIR || join(findRepoRoot(), 'tmp', 'infra');
}

export function cacheDir(): string {
  if (process.env.CONCIERGE_CACHE_DIR) return process.env.CONCIERGE_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'concierge');
}

export function kafkaPomPath(): string {
  return join(findRepoRoot(), 'libs', 'testing', 'kafka', 'pom.xml');
}

export function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${raw} is not a valid TCP port`);
  return port;
}
