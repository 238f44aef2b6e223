import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { IdentityV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, GrpcCallError, UnaryClient } from '@concierge/grpc';

/** One CRM record, as read from a CSV row or a JSON object. */
export interface CrmRow {
  line: number;
  fields: Record<string, string>;
}

export interface RowError {
  line: number;
  crmId: string;
  code: string;
  message: string;
}

export interface ImportSummary {
  total: number;
  created: number;
  updated: number;
  merged: number;
  flagged: number;
  failed: number;
  errors: RowError[];
  seconds: number;
}

const CORE: Record<string, string> = {
  crmid: 'crm_id',
  crm: 'crm_id',
  id: 'crm_id',
  name: 'name',
  displayname: 'name',
  fullname: 'name',
  email: 'email',
  phone: 'phone',
  locale: 'locale',
  language: 'locale',
  timezone: 'timezone',
  emailverified: 'email_verified',
  phoneverified: 'phone_verified',
  marketingconsent: 'marketing_consent',
  region: 'region',
};

/** Column names are matched loosely (crm_id, crmId, "CRM ID"); any other column becomes a profile attribute. */
export function canonicalColumn(name: string): string {
  const squashed = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return CORE[squashed] ?? name.trim().toLowerCase().replace(/\s+/g, '_');
}

export function readCrmFile(file: string): CrmRow[] {
  const text = fs.readFileSync(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  let records: Record<string, unknown>[];
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') {
    const trimmed = text.trim();
    if (ext !== '.json' || (!trimmed.startsWith('[') && !trimmed.startsWith('{"customers"'))) {
      records = trimmed ? trimmed.split(/\r?\n/).filter(Boolean).map((l, i) => parseJsonLine(l, i + 1)) : [];
    } else {
      const doc = JSON.parse(trimmed);
      records = Array.isArray(doc) ? doc : doc.customers;
      if (!Array.isArray(records)) throw new Error(`${file}: expected a JSON array of customers or {"customers": [...]}`);
    }
  } else if (ext === '.csv' || ext === '.tsv') {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, delimiter: ext === '.tsv' ? '\t' : ',', relax_column_count: true });
  } else {
    throw new Error(`${file}: unsupported file type "${ext}" (use .csv, .tsv, .json or .ndjson)`);
  }
  return records.map((r, i) => ({
    line: ext === '.csv' || ext === '.tsv' ? i + 2 : i + 1,
    fields: Object.fromEntries(
      Object.entries(r ?? {})
        .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
        .map(([k, v]) => [canonicalColumn(k), String(v).trim()]),
    ),
  }));
}

function parseJsonLine(line: string, n: number): Record<string, unknown> {
  try {
    return JSON.parse(line);
  } catch {
    return { __invalid: `line ${n} is not valid JSON` };
  }
}

const truthy = (v: string | undefined) => /^(1|true|yes|y|on|verified)$/i.test(v ?? '');
const consent = (v: string | undefined) => (v === undefined || v === '' ? undefined : truthy(v));

export function toUpsertRequest(tenantId: string, row: CrmRow, defaultRegion: string): IdentityV1.UpsertCrmCustomerRequest {
  const f = row.fields;
  if (f.__invalid) throw new Error(f.__invalid);
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (!Object.values(CORE).includes(k) && v) attributes[k] = v;
  return {
    tenantId,
    crmId: f.crm_id ?? '',
    displayName: f.name ?? '',
    email: f.email ?? '',
    phone: f.phone ?? '',
    locale: f.locale ?? '',
    timezone: f.timezone ?? '',
    attributes,
    emailVerified: truthy(f.email_verified),
    phoneVerified: truthy(f.phone_verified),
    defaultRegion: f.region || defaultRegion,
    marketingConsent: consent(f.marketing_consent),
  };
}

export interface ImportOptions {
  file: string;
  tenantId: string;
  address: string;
  apiKey: string;
  concurrency: number;
  defaultRegion: string;
  log: (line: string) => void;
}

/** Upserts every row through IdentityService.UpsertCrmCustomer; a bad row is reported and skipped, never fatal. */
export async function importCrm(o: ImportOptions): Promise<ImportSummary> {
  const rows = readCrmFile(o.file);
  const client: UnaryClient<IdentityV1.IdentityServiceClient> = createGrpcClient(ServiceProtos.identity, { address: o.address, apiKey: o.apiKey, deadlineMs: 30_000 });
  const s: ImportSummary = { total: rows.length, created: 0, updated: 0, merged: 0, flagged: 0, failed: 0, errors: [], seconds: 0 };
  const started = Date.now();
  let done = 0;
  let next = 0;
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 1000) return;
    lastReport = now;
    const rate = done / Math.max((now - started) / 1000, 0.001);
    o.log(`crm import: ${done}/${rows.length} rows (${Math.round((100 * done) / Math.max(rows.length, 1))}%), ${rate.toFixed(0)} rows/s, ${s.failed} failed`);
  };
  try {
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        try {
          const res = await client.upsertCrmCustomer(toUpsertRequest(o.tenantId, row, o.defaultRegion));
          if (res.created) s.created++;
          else s.updated++;
          s.merged += res.mergeIds.length;
          s.flagged += res.reviewIds.length;
        } catch (err) {
          if (err instanceof GrpcCallError && (err.code === 14 || err.code === 16)) throw err; // UNAVAILABLE / UNAUTHENTICATED: nothing will work
          s.failed++;
          s.errors.push({
            line: row.line,
            crmId: row.fields.crm_id ?? '',
            code: err instanceof GrpcCallError ? (err.errorCode ?? String(err.code)) : 'INVALID_ROW',
            message: err instanceof GrpcCallError ? err.details : (err as Error).message,
          });
        }
        done++;
        report();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  } finally {
    client.close();
  }
  report(true);
  s.errors.sort((a, b) => a.line - b.line);
  s.seconds = (Date.now() - started) / 1000;
  return s;
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export function errorReportCsv(errors: RowError[]): string {
  return ['line,crm_id,code,message', ...errors.map((e) => [e.line, e.crmId, e.code, e.message].map(csvCell).join(','))].join('\n') + '\n';
}
