import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { CheckoutV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import { parseCatalog, RowError } from './catalog-file';

const USAGE = `Imports products and variants into commerce-checkout's catalog.

  npm run import:catalog -- --tenant <id> --file <catalog.csv|catalog.json> [options]

  --address <host:port>  checkout gRPC address (default $CHECKOUT_GRPC_ADDRESS or 127.0.0.1:50055)
  --api-key <key>        internal or tenant API key (default $INTERNAL_API_KEY or the dev key)
  --batch <n>            products per UpsertProducts call (default 200, at most 1000)
  --report <file>        write the per-row error report as CSV here (default: printed)
  --dry-run              validate only, write nothing

CSV columns: sku, name, description, price (decimal, e.g. 12.90) or price_minor (integer), currency,
stock, tags (separated by | or ;), pack_size (e.g. "250 g"), typical_days_of_use, variant_of_sku,
attr:<name> for attributes. JSON: an array of objects with the same fields (attributes as an object).
Exit code: 0 all rows imported, 2 some rows rejected (see the report), 1 nothing could be done.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' }, file: { type: 'string' }, address: { type: 'string' }, 'api-key': { type: 'string' },
      batch: { type: 'string' }, report: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help || !values.tenant || !values.file) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 1;
  }
  const format = extname(values.file).toLowerCase() === '.json' ? 'json' : 'csv';
  let parsed;
  try {
    parsed = parseCatalog(readFileSync(values.file, 'utf8'), format);
  } catch (err) {
    process.stderr.write(`cannot read ${values.file}: ${(err as Error).message}\n`);
    return 1;
  }
  const errors: RowError[] = [...parsed.errors];
  process.stdout.write(`${values.file}: ${parsed.total} rows, ${parsed.products.length} valid, ${parsed.errors.length} rejected by validation\n`);
  const batch = Math.min(Math.max(Number(values.batch ?? 200) || 200, 1), 1000);
  let created = 0;
  let updated = 0;
  if (!values['dry-run'] && parsed.products.length) {
    const client = createGrpcClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, {
      address: values.address ?? process.env.CHECKOUT_GRPC_ADDRESS ?? '127.0.0.1:50055',
      apiKey: values['api-key'] ?? process.env.INTERNAL_API_KEY ?? 'concierge-internal-dev-key',
      deadlineMs: 30_000,
    });
    try {
      for (let i = 0; i < parsed.products.length; i += batch) {
        const chunk = parsed.products.slice(i, i + batch);
        try {
          const r = await client.upsertProducts({ tenantId: values.tenant, products: chunk.map((c) => c.product) });
          created += r.created;
          updated += r.updated;
        } catch (err) {
          for (const c of chunk) errors.push({ row: c.row, sku: c.product.sku, message: `not imported: ${(err as Error).message}` });
        }
        const done = Math.min(i + batch, parsed.products.length);
        process.stdout.write(`  ${done}/${parsed.products.length} (${Math.round((done / parsed.products.length) * 100)}%) created ${created}, updated ${updated}\n`);
      }
    } finally {
      client.close();
    }
  }
  errors.sort((a, b) => a.row - b.row);
  if (errors.length) {
    const csv = ['row,sku,error', ...errors.map((e) => [e.row, e.sku, e.message].map((v) => `"${String(v).replace(/"/g, '""')}"`).join(','))].join('\n');
    if (values.report) {
      writeFileSync(values.report, `${csv}\n`);
      process.stdout.write(`${errors.length} rows rejected: report in ${values.report}\n`);
    } else process.stdout.write(`${errors.length} rows rejected:\n${errors.map((e) => `  row ${e.row} (${e.sku || 'no sku'}): ${e.message}`).join('\n')}\n`);
  }
  process.stdout.write(`${values['dry-run'] ? 'dry run: nothing written' : `imported: ${created} created, ${updated} updated`}\n`);
  return errors.length ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`import failed: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
