/**
 * `npm start`: infrastructure (env → Testcontainers → local launcher), the six services as
 * processes, the demo tenant, then "Concierge is ready". Ctrl-C stops everything cleanly.
 */
import type { ChildProcess } from 'node:child_process';
import { ensureDatabase, eventually, Infrastructure, resolveInfrastructure, spawnServiceProcess } from '@concierge/testing';
import { DEMO_TENANT, seedDemoTenant } from './demo/seed';
import { databaseName, databaseUrlVar, SERVICES, ServiceSpec } from './services';

const env = process.env;
const internalKey = env.INTERNAL_API_KEY ?? 'concierge-internal-dev-key';
/** The demo console login (tenant "demo", password "demo") unless you configure your own. */
const consoleUsers = env.INSIGHTS_CONSOLE_USERS ?? 'demo:demo';
const children = new Map<string, ChildProcess>();
let infra: Infrastructure | undefined;
let stopping = false;

const log = (line: string) => console.log(`[concierge] ${line}`);
const portOf = (s: ServiceSpec, kind: 'HTTP' | 'GRPC') =>
  Number(env[`${s.name.toUpperCase().replace(/-/g, '_')}_${kind}_PORT`] ?? (kind === 'HTTP' ? s.httpPort : s.grpcPort));

async function main() {
  log('resolving infrastructure (DATABASE_URL / KAFKA_BROKERS, else Docker, else local PostgreSQL + Kafka)…');
  infra = await resolveInfrastructure({ log: (l) => log(l) });
  log(`PostgreSQL: ${redact(infra.adminDatabaseUrl)}  Kafka: ${infra.kafkaBrokers}  (${infra.source})`);

  const addresses = Object.fromEntries(SERVICES.map((s) => [s.addrVar, `127.0.0.1:${portOf(s, 'GRPC')}`]));
  for (const s of SERVICES) {
    const databaseUrl = env[databaseUrlVar(s.name)] ?? (await ensureDatabase(infra.adminDatabaseUrl, databaseName(s.name)));
    launch(s, {
      ...addresses,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: infra.kafkaBrokers,
      HTTP_PORT: String(portOf(s, 'HTTP')),
      GRPC_PORT: String(portOf(s, 'GRPC')),
      INTERNAL_API_KEY: internalKey,
      INSIGHTS_CONSOLE_USERS: consoleUsers,
    });
  }
  log('starting services…');
  await Promise.all(SERVICES.map((s) => waitReady(s)));
  log('seeding the demo tenant…');
  await seedDemoTenant({
    apiKey: internalKey,
    addresses: {
      ingress: addresses.INGRESS_GRPC_ADDR,
      identity: addresses.IDENTITY_GRPC_ADDR,
      dialogue: addresses.DIALOGUE_GRPC_ADDR,
      prediction: addresses.PREDICTION_GRPC_ADDR,
      checkout: addresses.CHECKOUT_GRPC_ADDR,
      insights: addresses.INSIGHTS_GRPC_ADDR,
    },
    telegram: {
      webhookSecret: env.DEMO_TELEGRAM_WEBHOOK_SECRET ?? 'demo-telegram-secret',
      botToken: env.DEMO_TELEGRAM_BOT_TOKEN ?? 'demo-bot-token',
    },
    log,
  });
  const ingressHttp = `http://localhost:${portOf(SERVICES[1], 'HTTP')}`;
  console.log(
    [
      '',
      'Concierge is ready',
      `  Demo shop with the web widget:  ${ingressHttp}/demo`,
      `  Console (dashboard, alerts, operator inbox): http://localhost:${portOf(SERVICES[5], 'HTTP')}/console/` +
        (env.INSIGHTS_CONSOLE_USERS ? '' : '   log in: tenant demo, password demo'),
      `  Telegram webhook (demo):        POST ${ingressHttp}/v1/webhooks/telegram/demo-telegram`,
      `                                  header X-Telegram-Bot-Api-Secret-Token: ${env.DEMO_TELEGRAM_WEBHOOK_SECRET ?? 'demo-telegram-secret'}`,
      `  Demo tenant: ${DEMO_TENANT}   internal API key: ${internalKey === 'concierge-internal-dev-key' ? internalKey + ' (dev default)' : '(from INTERNAL_API_KEY)'}`,
      ...SERVICES.map(
        (s) => `  ${s.name.padEnd(18)} http://localhost:${portOf(s, 'HTTP')}  (/healthz /readyz /metrics)   gRPC localhost:${portOf(s, 'GRPC')}`,
      ),
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

function launch(s: ServiceSpec, extra: Record<string, string>) {
  const child = spawnServiceProcess(s.name, { ...env, ...extra, LOG_LEVEL: env.LOG_LEVEL ?? 'info' });
  children.set(s.name, child);
  const prefix = `[${s.name}]`.padEnd(20);
  const print = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) console.log(`${prefix} ${humanize(line)}`);
  };
  child.stdout!.on('data', print);
  child.stderr!.on('data', print);
  child.on('exit', (code, signal) => {
    children.delete(s.name);
    if (!stopping) {
      log(`${s.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); shutting everything down`);
      void shutdown(1);
    }
  });
}

/** One readable line from a pino JSON log line. */
function humanize(line: string): string {
  try {
    const j = JSON.parse(line) as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { level, time, msg, service, pid, hostname, ...rest } = j;
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${String(level).toUpperCase().padEnd(5)} ${msg ?? ''}${extra}`;
  } catch {
    return line;
  }
}

async function waitReady(s: ServiceSpec, timeoutMs = 180_000) {
  const url = `http://127.0.0.1:${portOf(s, 'HTTP')}/readyz`;
  await eventually(async () => (await fetch(url)).status === 200, `${s.name} ready (GET ${url})`, timeoutMs);
  log(`${s.name} is ready`);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping services…');
  await Promise.all(
    [...children.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
          c.once('exit', () => (clearTimeout(timer), resolve()));
          c.kill('SIGTERM');
        }),
    ),
  );
  if (infra) {
    log('stopping infrastructure…');
    await infra.stop();
  }
  log('stopped');
  process.exit(code);
}

const redact = (url: string) => url.replace(/\/\/([^:/]+):[^@]+@/, '//$1:***@');

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (err) => {
  console.error(`[concierge] start failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
