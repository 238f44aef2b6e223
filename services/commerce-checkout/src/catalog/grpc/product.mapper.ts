import { CheckoutV1 } from '@concierge/contracts';
import type { ProductEntity } from '../persistence/product.entity';

export function toProductProto(p: ProductEntity): CheckoutV1.Product {
  return {
    productId: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    price: { amountMinor: p.priceMinor, currency: p.currency },
    stock: p.stock,
    tags: p.tags,
    packSize: p.packSize,
    typicalDaysOfUse: p.typicalDaysOfUse,
    attributes: p.attributes ?? {},
    variantOfSku: p.variantOfSku ?? '',
  };
}
