import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { findRepoRoot } from '../infra/paths';
import { serviceNodeFlags } from './node-flags';
import { testServiceEnv } from './test-service';
import { testDatabaseUrl } from '../jest/test-database';

/**
 * A service as its own Node process (with its V8 flags, see node-flags.ts), running its TypeScript through tools/register.js; it shuts
 * down by itself when this process dies (its stdin pipe closes). Output is piped to the caller.
 */
export function spawnServiceProcess(name: string, env: NodeJS.ProcessEnv): ChildProcess {
  const root = findRepoRoot();
  const preload = (file: string) => ['-r', path.join(root, 'tools', file)];
  const args = [...serviceNodeFlags(name), ...preload('register.js'), ...preload('exit-with-parent.js'), path.join(root, 'services', name, 'src/main.ts')];
  return spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface SpawnedService {
  name: string;
  httpUrl: string;
  grpcAddress: string;
  env: Record<string, string>;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs a service as its own Node process, as production does, with a fresh database and free
 * ports; resolves once /readyz answers 200, and fails as soon as the process exits.
 *
 * A port found free can be taken by another test process before the service binds it; a start
 * that fails with EADDRINUSE on ports we picked is retried on new ones (up to three starts).
 */
export async function spawnService(name: string, env: Record<string, string> = {}, timeoutMs = 90_000): Promise<SpawnedService> {
  const databaseUrl = await testDatabaseUrl(name.replace(/-/g, '_'));
  const ownPorts = !env.HTTP_PORT && !env.GRPC_PORT;
  for (let attempt = 1; ; attempt++) {
    const values = await testServiceEnv(databaseUrl, env);
    const started = await startProcess(name, values, timeoutMs);
    if ('service' in started) return started.service;
    if (ownPorts && attempt < 3 && /EADDRINUSE/.test(started.output)) continue;
    throw new Error(`${started.error}\n--- ${name} output ---\n${started.output}`);
  }
}

async function startProcess(
  name: string,
  values: Record<string, string>,
  timeoutMs: number,
): Promise<{ service: SpawnedService } | { error: string; output: string }> {
  const child: ChildProcess = spawnServiceProcess(name, { ...process.env, ...values });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const httpUrl = `http://127.0.0.1:${values.HTTP_PORT}`;
  const grpcPort = values.GRPC_PORT;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) return { error: `${name} exited with ${child.exitCode} before it was ready`, output };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      return { error: `${name} was not ready within ${timeoutMs} ms`, output };
    }
    ready = await fetch(`${httpUrl}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (!ready) await Promise.race([exited, new Promise((r) => setTimeout(r, 200))]);
  }
  return {
    service: {
    name,
    httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    env: values,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    },
  };
}
