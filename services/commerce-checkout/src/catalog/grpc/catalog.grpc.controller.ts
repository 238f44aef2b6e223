import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { CheckoutV1 } from '@concierge/contracts';
import { CompareProductsUseCase } from '../use-cases/compare-products/compare-products.use-case';
import { GetProductUseCase } from '../use-cases/get-product/get-product.use-case';
import { SearchProductsUseCase } from '../use-cases/search-products/search-products.use-case';
import { UpsertProductsUseCase } from '../use-cases/upsert-products/upsert-products.use-case';
import { toProductProto } from './product.mapper';

@Controller()
export class CatalogGrpcController implements Partial<CheckoutV1.CheckoutServiceController> {
  constructor(
    private readonly upsert: UpsertProductsUseCase,
    private readonly search: SearchProductsUseCase,
    private readonly get: GetProductUseCase,
    private readonly compare: CompareProductsUseCase,
  ) {}

  @GrpcMethod('CheckoutService')
  upsertProducts(req: CheckoutV1.UpsertProductsRequest): Promise<CheckoutV1.UpsertProductsResponse> {
    return this.upsert.execute({ tenantId: req.tenantId, products: req.products });
  }

  @GrpcMethod('CheckoutService')
  async searchProducts(req: CheckoutV1.SearchProductsRequest): Promise<CheckoutV1.SearchProductsResponse> {
    const result = await this.search.execute({
      tenantId: req.tenantId,
      query: req.query,
      tags: req.tags,
      pageSize: req.page?.pageSize ?? 0,
      pageToken: req.page?.pageToken ?? '',
    });
    return { products: result.products.map(toProductProto), page: { nextPageToken: result.nextPageToken } };
  }

  @GrpcMethod('CheckoutService')
  async getProduct(req: CheckoutV1.GetProductRequest): Promise<CheckoutV1.GetProductResponse> {
    return { product: toProductProto(await this.get.execute(req)) };
  }

  @GrpcMethod('CheckoutService')
  compareProducts(req: CheckoutV1.CompareProductsRequest): Promise<CheckoutV1.CompareProductsResponse> {
    return this.compare.execute(req);
  }
}
