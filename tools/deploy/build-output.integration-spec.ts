/**
 * What goes into the image: `node tools/deploy/build.mjs <service>` (tsc, generated proto, descriptors,
 * alias packages) must start on its own with `node main.js`, serve HTTP health and gRPC health/reflection,
 * migrate in migrations-only mode, and exit 0 on SIGTERM — with real PostgreSQL and Kafka.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, freePort, grpcHealth, reflectedServices, testDatabaseUrl } from '@concierge/testing';

const root = resolve(__dirname, '../..');
const SERVICE = 'identity-graph';
const out = join(root, 'dist', `build-test-${randomBytes(3).toString('hex')}`);
const main = join(out, 'main.js');
let databaseUrl: string;

beforeAll(async () => {
  // Type errors are CI's typecheck step; this test is about what the compiled output does at run time.
  execFileSync(process.execPath, [join(root, 'tools/deploy/build.mjs'), SERVICE, '--out', out, '--allow-type-errors'], { cwd: root, stdio: 'pipe' });
  databaseUrl = await testDatabaseUrl('deploy_build');
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

// From a foreign working directory, as in the image: nothing may depend on the repository's cwd.
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [main, ...args], { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 60_000 });

it('applies the migrations and exits in migrations-only mode, and again with nothing to do', () => {
  const first = run(['migrate'], { DATABASE_URL: databaseUrl });
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/identity-graph: applied CreateMessagingTables\d+/);
  expect(first.stdout).toMatch(/database is up to date \([1-9]\d* applied/);
  const again = run([], { DATABASE_URL: databaseUrl, MIGRATE_ONLY: '1' });
  expect(again.status).toBe(0);
  expect(again.stdout).toContain('database is up to date (0 applied');
});

it('explains a bad configuration and exits 78', () => {
  const r = run([], { DATABASE_URL: 'mysql://db/x', KAFKA_BROKERS: 'nope' });
  expect(r.status).toBe(78);
  expect(r.stderr).toContain('identity-graph: invalid configuration');
  expect(r.stderr).toContain('DATABASE_URL="mysql://db/x" is invalid');
});

describe('the built service', () => {
  let child: ChildProcess;
  let output = '';
  let http: string;
  let grpcAddr: string;

  beforeAll(async () => {
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    http = `http://127.0.0.1:${httpPort}`;
    grpcAddr = `127.0.0.1:${grpcPort}`;
    child = spawn(process.execPath, [main], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
        KAFKA_TOPIC_PREFIX: `deploytest${randomBytes(3).toString('hex')}.`,
        KAFKA_TOPIC_PARTITIONS: '1',
        HTTP_PORT: String(httpPort),
        GRPC_PORT: String(grpcPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output}`);
        return (await fetch(`${http}/readyz`)).status === 200;
      },
      'built identity-graph ready',
      120_000,
    );
  }, 150_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('answers /healthz and the native gRPC probe Kubernetes uses, and serves reflection from the bundled descriptors', async () => {
    expect((await fetch(`${http}/healthz`)).status).toBe(200);
    expect(await grpcHealth(grpcAddr, '')).toBe('SERVING');
    expect(await grpcHealth(grpcAddr, 'concierge.identity.v1.IdentityService')).toBe('SERVING');
    expect(await reflectedServices(grpcAddr)).toEqual(expect.arrayContaining(['concierge.identity.v1.IdentityService', 'grpc.health.v1.Health']));
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down: not serving, stopping consumers, draining outbox');
  }, 60_000);
});
