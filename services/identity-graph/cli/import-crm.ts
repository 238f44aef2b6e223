/**
 * Bulk CRM import into identity-graph:
 *   npm run import:crm -- <file.csv|file.json> --tenant <tenant> [--grpc host:port] [--region DE] [--concurrency 8] [--errors report.csv]
 * Columns: crm_id (required), name, email, phone, locale, timezone, email_verified, phone_verified,
 * marketing_consent, region; any other column (address.home, birthday, size.shoes...) is stored as a profile attribute.
 */
import * as fs from 'node:fs';
import { errorReportCsv, importCrm } from './crm-import';

function usage(message?: string): never {
  if (message) console.error(`import:crm: ${message}`);
  console.error('usage: npm run import:crm -- <file.csv|file.json> --tenant <tenant> [--grpc host:port] [--region XX] [--concurrency N] [--errors report.csv]');
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  const opts: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') usage();
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      const v = inline ?? args[++i];
      if (v === undefined) usage(`--${k} needs a value`);
      opts[k] = v;
    } else positional.push(a);
  }
  const file = positional[0];
  if (!file) usage('no input file');
  if (!fs.existsSync(file)) usage(`${file}: no such file`);
  if (!opts.tenant) usage('--tenant is required');
  const concurrency = Number(opts.concurrency ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) usage('--concurrency must be 1..64');
  const address = opts.grpc ?? process.env.IDENTITY_GRPC_ADDR ?? '127.0.0.1:50052';
  const errorsFile = opts.errors ?? `${file}.errors.csv`;
  console.log(`crm import: ${file} → tenant "${opts.tenant}" at ${address}`);
  const s = await importCrm({
    file,
    tenantId: opts.tenant,
    address,
    apiKey: opts['api-key'] ?? process.env.CONCIERGE_API_KEY ?? process.env.INTERNAL_API_KEY ?? 'concierge-internal-dev-key',
    concurrency,
    defaultRegion: opts.region ?? '',
    log: (l) => console.log(l),
  });
  console.log(
    `crm import done in ${s.seconds.toFixed(1)} s: ${s.total} rows, ${s.created} created, ${s.updated} updated, ${s.merged} merged with existing customers, ${s.flagged} flagged for merge review, ${s.failed} failed`,
  );
  if (s.errors.length) {
    fs.writeFileSync(errorsFile, errorReportCsv(s.errors));
    for (const e of s.errors.slice(0, 20)) console.log(`  line ${e.line}${e.crmId ? ` (crm_id ${e.crmId})` : ''}: ${e.code}: ${e.message}`);
    if (s.errors.length > 20) console.log(`  … ${s.errors.length - 20} more`);
    console.log(`per-row error report: ${errorsFile}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`import:crm failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
