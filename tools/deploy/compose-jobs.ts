/**
 * One-shot jobs of docker-compose.yml, run from the `concierge-tools` image (all six services compiled):
 *   node main.js migrate   apply every service's migrations (DSN from <SERVICE>_DATABASE_URL), then exit
 *   node main.js seed      seed the demo tenant over gRPC, exactly as `npm start` does (safe to run again)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { seedDemoTenant } from '../demo/seed';
import { databaseUrlVar, SERVICES } from '../services';

const env = process.env;
const log = (line: string) => console.log(`[concierge-init] ${line}`);

function migrate(): number {
  for (const s of SERVICES) {
    const url = env[databaseUrlVar(s.name)];
    if (!url) {
      console.error(`[concierge-init] ${databaseUrlVar(s.name)} is not set: every service needs its own database URL`);
      return 78;
    }
    log(`migrating ${s.name}`);
    // The service's own entry point in migrations-only mode: the same code path as the Helm hook Job.
    const main = join(__dirname, '..', '..', 'services', s.name, 'src', 'main.js');
    const r = spawnSync(process.execPath, [main, 'migrate'], { stdio: 'inherit', env: { ...env, DATABASE_URL: url } });
    if (r.status !== 0) {
      console.error(`[concierge-init] migrations of ${s.name} failed (exit ${r.status ?? r.signal})`);
      return r.status ?? 1;
    }
  }
  log('all databases are up to date');
  return 0;
}

async function seed(): Promise<number> {
  const addr = (v: string) => {
    const a = env[v];
    if (!a) throw new Error(`${v} is not set`);
    return a;
  };
  await seedDemoTenant({
    apiKey: env.INTERNAL_API_KEY ?? 'concierge-internal-dev-key',
    addresses: {
      ingress: addr('INGRESS_GRPC_ADDR'),
      identity: addr('IDENTITY_GRPC_ADDR'),
      dialogue: addr('DIALOGUE_GRPC_ADDR'),
      prediction: addr('PREDICTION_GRPC_ADDR'),
      checkout: addr('CHECKOUT_GRPC_ADDR'),
      insights: addr('INSIGHTS_GRPC_ADDR'),
    },
    telegram: {
      webhookSecret: env.DEMO_TELEGRAM_WEBHOOK_SECRET ?? 'demo-telegram-secret',
      botToken: env.DEMO_TELEGRAM_BOT_TOKEN ?? 'demo-bot-token',
    },
    log,
  });
  log('demo tenant seeded: open http://localhost:8080/demo (widget) and http://localhost:8085/console/ (console)');
  return 0;
}

const command = process.argv[2];
const run = command === 'migrate' ? Promise.resolve(migrate()) : command === 'seed' ? seed() : Promise.resolve(-1);
run
  .then((code) => {
    if (code === -1) {
      console.error('usage: node main.js migrate|seed');
      code = 2;
    }
    process.exit(code);
  })
  .catch((err: unknown) => {
    console.error(`[concierge-init] ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
