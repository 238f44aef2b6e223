import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, findRepoRoot } from '../infra/paths';
import type { LoadResult } from './load';

/**
 * The benchmarks' measuring client for gRPC: tools/loadgen, a small Go program (see its header for
 * why not a Node client), built once per source version into the cache folder.
 */
const run = promisify(execFile);

/** Builds tools/loadgen if needed; resolves to the binary, or rejects saying what is missing. */
export async function buildGoLoadgen(log: (line: string) => void): Promise<string> {
  const source = join(findRepoRoot(), 'tools', 'loadgen');
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', ...readdirSync(source).filter((f) => f.endsWith('.go')).sort()]) hash.update(file).update(readFileSync(join(source, file)));
  const binary = join(cacheDir(), 'loadgen', `loadgen-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  try {
    await run('go', ['version']);
  } catch {
    throw new Error('Go is not installed: it builds tools/loadgen, the gRPC load generator (Go 1.26 or later, or an older go that fetches it: https://go.dev/dl)');
  }
  log(`building the gRPC load generator (tools/loadgen) into ${binary}; the first build downloads golang.org/x/net and x/sys from the Go module proxy`);
  mkdirSync(join(cacheDir(), 'loadgen'), { recursive: true });
  try {
    await run('go', ['build', '-o', binary, '.'], { cwd: source, maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`building tools/loadgen failed: ${e.stderr?.trim() || e.message}`);
  }
  return binary;
}

/** A file of requests for the load generator: each a uint32 big-endian length, then the encoded message. */
export class LoadgenRequests {
  private readonly dir = mkdtempSync(join(tmpdir(), 'concierge-loadgen-'));
  private count = 0;

  /** Writes the requests and returns the file's path. */
  write(requests: readonly Buffer[]): string {
    if (!requests.length) throw new Error('no requests to send');
    const parts: Buffer[] = [];
    for (const message of requests) {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(message.length);
      parts.push(length, message);
    }
    const file = join(this.dir, `requests-${this.count++}.bin`);
    writeFileSync(file, Buffer.concat(parts));
    return file;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface GoLoadOptions {
  /** Row label. */
  name: string;
  address: string;
  /** Full method path, e.g. /concierge.identity.v1.IdentityService/ResolveIdentity. */
  method: string;
  /** From LoadgenRequests.write; used in turn, round robin. */
  requestsFile: string;
  metadata: Record<string, string>;
  mode: { open: { rps: number; maxInFlight: number } } | { closed: { concurrency: number } };
  seconds: number;
  deadlineMs?: number;
  progress?: (line: string) => void;
}

/** What tools/loadgen prints: a LoadResult without the row label. */
type LoadgenOutput = Omit<LoadResult, 'name'>;

/** One measurement with tools/loadgen; the same figures as openLoop / closedLoop. */
export function goLoad(binary: string, o: GoLoadOptions): Promise<LoadResult> {
  const args = ['-addr', o.address, '-method', o.method, '-requests', o.requestsFile, '-seconds', String(o.seconds), '-deadline', `${o.deadlineMs ?? 10_000}ms`];
  if ('open' in o.mode) args.push('-mode', 'open', '-rps', String(o.mode.open.rps), '-max-in-flight', String(o.mode.open.maxInFlight));
  else args.push('-mode', 'closed', '-concurrency', String(o.mode.closed.concurrency));
  for (const [key, value] of Object.entries(o.metadata)) args.push('-metadata', `${key}=${value}`);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      for (const line of String(d).split('\n')) if (line.trim() && !line.startsWith('loadgen:')) o.progress?.(`${o.name}: ${line.trim()}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`tools/loadgen exited with ${code}: ${err.trim()}`));
      try {
        const r = JSON.parse(out) as LoadgenOutput;
        resolve({ name: o.name, ...r });
      } catch (e) {
        reject(new Error(`tools/loadgen printed no result (${(e as Error).message}): ${out.slice(0, 200)}`));
      }
    });
  });
}
