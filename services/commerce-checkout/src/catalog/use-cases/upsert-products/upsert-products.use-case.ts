import { Injectable } from '@nestjs/common';
import { CheckoutV1 } from '@concierge/contracts';
import { requireTenant } from '../../domain/catalog.exception';
import { toProductDrafts } from '../../domain/product-draft';
import { ProductRepository } from '../../persistence/product.repository';

/** Creates or replaces products by SKU; one invalid product rejects the whole batch. */
@Injectable()
export class UpsertProductsUseCase {
  constructor(private readonly products: ProductRepository) {}

  execute(cmd: { tenantId: string; products: CheckoutV1.Product[] }): Promise<{ created: number; updated: number }> {
    const tenantId = requireTenant(cmd.tenantId);
    return this.products.upsert(tenantId, toProductDrafts(cmd.products));
  }
}
