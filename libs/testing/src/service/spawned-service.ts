import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { findRepoRoot } from '../infra/paths';
import { eventually } from './eventually';
import { freePort, TEST_INTERNAL_API_KEY } from './test-service';
import { testDatabaseUrl } from '../jest/test-database';

/**
 * A service as its own Node process, running its TypeScript through tools/register.js; it shuts
 * down by itself when this process dies (its stdin pipe closes). Output is piped to the caller.
 */
export function spawnServiceProcess(name: string, env: NodeJS.ProcessEnv): ChildProcess {
  const root = findRepoRoot();
  const preload = (file: string) => ['-r', path.join(root, 'tools', file)];
  return spawn(process.execPath, [...preload('register.js'), ...preload('exit-with-parent.js'), path.join(root, 'services', name, 'src/main.ts')], {
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
 * ports; resolves once /readyz answers 200.
 */
export async function spawnService(name: string, env: Record<string, string> = {}, timeoutMs = 90_000): Promise<SpawnedService> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const values: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    GRPC_PORT: String(grpcPort),
    DATABASE_URL: await testDatabaseUrl(name.replace(/-/g, '_')),
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
    KAFKA_TOPIC_PARTITIONS: '1',
    INTERNAL_API_KEY: TEST_INTERNAL_API_KEY,
    ...env,
  };
  const child: ChildProcess = spawnServiceProcess(name, { ...process.env, ...values });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
        return (await fetch(`${httpUrl}/readyz`)).status === 200;
      },
      `${name} ready`,
      timeoutMs,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- ${name} output ---\n${output}`);
  }
  return {
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
  };
}
