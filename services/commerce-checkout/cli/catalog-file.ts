import { parse } from 'csv-parse/sync';
import { CheckoutV1 } from '@concierge/contracts';
import { toProductDraft } from '../src/catalog/domain/product-draft';

export interface RowError {
  /** 1-based line (CSV, header is line 1) or item number (JSON). */
  row: number;
  sku: string;
  message: string;
}

export interface ParsedCatalog {
  products: { row: number; product: CheckoutV1.Product }[];
  errors: RowError[];
  total: number;
}

const fractionDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/** "12.90" EUR → "1290"; exact decimal arithmetic on the string, never a float. */
export function toMinorUnits(price: string, currency: string): string {
  const digits = fractionDigits(currency);
  const m = /^\s*(\d+)(?:[.,](\d+))?\s*$/.exec(price);
  if (!m) throw new Error(`price "${price}" is not a non-negative decimal number`);
  const fraction = m[2] ?? '';
  if (fraction.length > digits) throw new Error(`price "${price}" has more than ${digits} decimals for ${currency}`);
  return BigInt(m[1] + fraction.padEnd(digits, '0')).toString();
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : String(v ?? '').split(/[|;]/).map((t) => t.trim()).filter(Boolean);

function toInt(v: unknown, field: string): number {
  if (v === undefined || v === null || v === '') return 0;
  const s = String(v).trim();
  if (!/^-?\d+$/.test(s)) throw new Error(`${field} "${s}" is not a whole number`);
  return Number(s);
}

/** One record (CSV row or JSON object) → a catalog product; columns `attr:<name>` (or an `attributes` object) become attributes. */
export function toProduct(r: Record<string, unknown>): CheckoutV1.Product {
  const currency = String(r.currency ?? '').trim().toUpperCase();
  let amountMinor: string;
  if (r.price_minor !== undefined && r.price_minor !== '') amountMinor = String(r.price_minor).trim();
  else if (r.price !== undefined && r.price !== '') amountMinor = toMinorUnits(String(r.price), currency || 'EUR');
  else throw new Error('price or price_minor is required');
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (k.startsWith('attr:') && v !== '') attributes[k.slice(5).trim()] = String(v);
  if (r.attributes && typeof r.attributes === 'object') for (const [k, v] of Object.entries(r.attributes as object)) attributes[k] = String(v);
  return {
    productId: '',
    sku: String(r.sku ?? ''),
    name: String(r.name ?? ''),
    description: String(r.description ?? ''),
    price: { amountMinor, currency },
    stock: toInt(r.stock, 'stock'),
    tags: list(r.tags),
    packSize: String(r.pack_size ?? r.packSize ?? ''),
    typicalDaysOfUse: toInt(r.typical_days_of_use ?? r.typicalDaysOfUse, 'typical_days_of_use'),
    attributes,
    variantOfSku: String(r.variant_of_sku ?? r.variantOfSku ?? ''),
  };
}

/** Parses a CSV or JSON catalog and validates every row on its own: good rows are kept, bad rows reported. */
export function parseCatalog(content: string, format: 'csv' | 'json'): ParsedCatalog {
  let records: Record<string, unknown>[];
  let rowOf: (i: number) => number;
  if (format === 'json') {
    const doc = JSON.parse(content) as unknown;
    const arr = Array.isArray(doc) ? doc : (doc as { products?: unknown[] })?.products;
    if (!Array.isArray(arr)) throw new Error('JSON must be an array of products or { "products": [...] }');
    records = arr as Record<string, unknown>[];
    rowOf = (i) => i + 1;
  } else {
    records = parse(content, { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
    rowOf = (i) => i + 2;
  }
  const products: ParsedCatalog['products'] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const row = rowOf(i);
    const sku = String(r?.sku ?? '').trim();
    try {
      if (!r || typeof r !== 'object') throw new Error('not an object');
      const product = toProduct(r);
      toProductDraft(product, i);
      if (seen.has(sku)) throw new Error(`sku "${sku}" already appears on row ${seen.get(sku)}`);
      seen.set(sku, row);
      products.push({ row, product });
    } catch (err) {
      errors.push({ row, sku, message: (err as Error).message.replace(/^products\[\d+\]\./, '') });
    }
  });
  return { products, errors, total: records.length };
}
