import { CheckoutV1 } from '@concierge/contracts';
import { CatalogErrorCode, CatalogException } from './catalog.exception';

/** A validated, normalized product as the catalog stores it; money in integer minor units. */
export interface ProductDraft {
  sku: string;
  name: string;
  description: string;
  priceMinor: string;
  currency: string;
  stock: number;
  tags: string[];
  packSize: string;
  typicalDaysOfUse: number;
  attributes: Record<string, string>;
  variantOfSku: string;
}

export const MAX_PRODUCTS_PER_UPSERT = 1000;
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MAX = 2 ** 31 - 1;
const MAX_TAGS = 50;
const MAX_ATTRIBUTES = 50;

/** Tags compare case-insensitively, so they are kept trimmed and lower-case. */
export function normalizeTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => String(t).trim().toLowerCase()).filter(Boolean))];
}

function text(value: unknown, max: number, field: string, at: string): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (s.length > max) throw new CatalogException(CatalogErrorCode.ProductInvalid, `${at}.${field} is longer than ${max} characters`);
  return s;
}

function count(value: unknown, field: string, at: string, code: CatalogErrorCode): number {
  const n = value ?? 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > INT32_MAX)
    throw new CatalogException(code, `${at}.${field} must be an integer from 0 to ${INT32_MAX}`);
  return n;
}

function amountMinor(price: CheckoutV1.Product['price'], at: string): string {
  const raw = price?.amountMinor;
  const amount = typeof raw === 'number' ? String(raw) : (raw ?? '').trim();
  if (!/^\d{1,19}$/.test(amount) || BigInt(amount) > INT64_MAX)
    throw new CatalogException(CatalogErrorCode.PriceInvalid, `${at}.price.amount_minor must be a whole number of minor units, 0 or more`);
  return BigInt(amount).toString();
}

function currency(price: CheckoutV1.Product['price'], at: string): string {
  const code = (price?.currency ?? '').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code))
    throw new CatalogException(CatalogErrorCode.CurrencyInvalid, `${at}.price.currency must be a 3-letter ISO 4217 code`);
  return code;
}

function tags(raw: string[] | undefined, at: string): string[] {
  const list = normalizeTags(raw);
  if (list.length > MAX_TAGS || list.some((t) => t.length > 64))
    throw new CatalogException(CatalogErrorCode.ProductInvalid, `${at}.tags: at most ${MAX_TAGS} tags of up to 64 characters`);
  return list;
}

function attributes(raw: Record<string, string> | undefined, at: string): Record<string, string> {
  const entries = Object.entries(raw ?? {});
  if (entries.length > MAX_ATTRIBUTES || entries.some(([k, v]) => !k.trim() || k.length > 100 || typeof v !== 'string' || v.length > 1000))
    throw new CatalogException(CatalogErrorCode.ProductInvalid, `${at}.attributes: at most ${MAX_ATTRIBUTES} named values of up to 1000 characters`);
  return Object.fromEntries(entries.map(([k, v]) => [k.trim(), v]));
}

export function toProductDraft(p: CheckoutV1.Product, index: number): ProductDraft {
  const at = `products[${index}]`;
  const sku = text(p.sku, 128, 'sku', at);
  if (!sku) throw new CatalogException(CatalogErrorCode.SkuRequired, `${at}.sku is required`);
  const name = text(p.name, 300, 'name', at);
  if (!name) throw new CatalogException(CatalogErrorCode.NameRequired, `${at}.name is required`);
  return {
    sku,
    name,
    description: text(p.description, 10_000, 'description', at),
    priceMinor: amountMinor(p.price, at),
    currency: currency(p.price, at),
    stock: count(p.stock, 'stock', at, CatalogErrorCode.StockInvalid),
    tags: tags(p.tags, at),
    packSize: text(p.packSize, 100, 'pack_size', at),
    typicalDaysOfUse: count(p.typicalDaysOfUse, 'typical_days_of_use', at, CatalogErrorCode.ProductInvalid),
    attributes: attributes(p.attributes, at),
    variantOfSku: text(p.variantOfSku, 128, 'variant_of_sku', at),
  };
}

/** Validates a whole batch before anything is written: one bad product rejects the request. */
export function toProductDrafts(products: CheckoutV1.Product[] | undefined): ProductDraft[] {
  const list = products ?? [];
  if (list.length > MAX_PRODUCTS_PER_UPSERT)
    throw new CatalogException(CatalogErrorCode.TooManyProducts, `at most ${MAX_PRODUCTS_PER_UPSERT} products per request`);
  const drafts = list.map(toProductDraft);
  const seen = new Set<string>();
  for (const d of drafts) {
    if (seen.has(d.sku)) throw new CatalogException(CatalogErrorCode.SkuDuplicated, `sku "${d.sku}" appears more than once`);
    seen.add(d.sku);
  }
  return drafts;
}
