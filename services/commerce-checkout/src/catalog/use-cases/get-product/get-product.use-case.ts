import { Injectable } from '@nestjs/common';
import { CatalogErrorCode, CatalogException, requireTenant } from '../../domain/catalog.exception';
import { ProductEntity } from '../../persistence/product.entity';
import { ProductRepository } from '../../persistence/product.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class GetProductUseCase {
  constructor(private readonly products: ProductRepository) {}

  async execute(q: { tenantId: string; productId: string }): Promise<ProductEntity> {
    const tenantId = requireTenant(q.tenantId);
    if (!q.productId || !UUID.test(q.productId))
      throw new CatalogException(CatalogErrorCode.ProductIdInvalid, 'product_id must be a UUID');
    const product = await this.products.findById(tenantId, q.productId.toLowerCase());
    if (!product) throw new CatalogException(CatalogErrorCode.ProductNotFound, `product ${q.productId} not found`);
    return product;
  }
}
