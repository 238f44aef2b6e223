import { Injectable } from '@nestjs/common';
import { CheckoutV1 } from '@concierge/contracts';
import { CatalogErrorCode, CatalogException, requireTenant } from '../../domain/catalog.exception';
import { ProductEntity } from '../../persistence/product.entity';
import { ProductRepository } from '../../persistence/product.repository';
import { toProductProto } from '../../grpc/product.mapper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "250 g" → grams, "1 kg" → grams, "1 l" → millilitres: a comparable base unit, or null. */
export function packQuantity(packSize: string): { amount: number; unit: string } | null {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(kg|g|mg|l|ml|pcs?|pc|шт|кг|г|л|мл)\b/i.exec(packSize ?? '');
  if (!m) return null;
  const n = Number(m[1].replace(',', '.'));
  const unit = m[2].toLowerCase();
  const table: Record<string, [number, string]> = { kg: [1000, 'g'], кг: [1000, 'g'], g: [1, 'g'], г: [1, 'g'], mg: [0.001, 'g'], l: [1000, 'ml'], л: [1000, 'ml'], ml: [1, 'ml'], мл: [1, 'ml'], pc: [1, 'pc'], pcs: [1, 'pc'], шт: [1, 'pc'] };
  const [factor, base] = table[unit] ?? [1, unit];
  return { amount: n * factor, unit: base };
}

const perUnit = (p: ProductEntity): string => {
  const q = packQuantity(p.packSize);
  if (!q || q.amount <= 0) return '';
  const scale = q.unit === 'pc' ? 1 : 100;
  return `${Math.round((Number(p.priceMinor) * scale) / q.amount)} ${p.currency} minor per ${scale === 1 ? '' : '100 '}${q.unit}`;
};

const perDay = (p: ProductEntity): string => (p.typicalDaysOfUse > 0 ? `${Math.round(Number(p.priceMinor) / p.typicalDaysOfUse)} ${p.currency} minor per day` : '');

/** Side-by-side rows for the rational shopper: price, pack, price per unit and per day of use, then every attribute either product has. */
@Injectable()
export class CompareProductsUseCase {
  constructor(private readonly products: ProductRepository) {}

  async execute(req: CheckoutV1.CompareProductsRequest): Promise<CheckoutV1.CompareProductsResponse> {
    const tenantId = requireTenant(req.tenantId);
    const ids = [...new Set((req.productIds ?? []).map((id) => id.toLowerCase()))];
    if (ids.length < 2 || ids.length > 5) throw new CatalogException(CatalogErrorCode.ProductInvalid, 'compare 2 to 5 distinct products');
    if (ids.some((id) => !UUID.test(id))) throw new CatalogException(CatalogErrorCode.ProductIdInvalid, 'product_ids must be UUIDs');
    const found: ProductEntity[] = [];
    for (const id of ids) {
      const p = await this.products.findById(tenantId, id);
      if (!p) throw new CatalogException(CatalogErrorCode.ProductNotFound, `product ${id} not found`);
      found.push(p);
    }
    const row = (attribute: string, value: (p: ProductEntity) => string) => ({ attribute, values: found.map(value) });
    const attributeNames = [...new Set(found.flatMap((p) => Object.keys(p.attributes ?? {})))].sort();
    return {
      products: found.map(toProductProto),
      rows: [
        row('name', (p) => p.name),
        row('price', (p) => `${p.priceMinor} ${p.currency} minor`),
        row('pack_size', (p) => p.packSize),
        row('price_per_unit', perUnit),
        row('typical_days_of_use', (p) => (p.typicalDaysOfUse ? String(p.typicalDaysOfUse) : '')),
        row('price_per_day_of_use', perDay),
        row('in_stock', (p) => String(p.stock)),
        row('tags', (p) => p.tags.join(', ')),
        ...attributeNames.map((a) => row(a, (p) => p.attributes?.[a] ?? '')),
      ],
    };
  }
}
