import { Module } from '@nestjs/common';
import { CatalogGrpcController } from './grpc/catalog.grpc.controller';
import { ProductRepository } from './persistence/product.repository';
import { CompareProductsUseCase } from './use-cases/compare-products/compare-products.use-case';
import { GetProductUseCase } from './use-cases/get-product/get-product.use-case';
import { SearchProductsUseCase } from './use-cases/search-products/search-products.use-case';
import { UpsertProductsUseCase } from './use-cases/upsert-products/upsert-products.use-case';

@Module({
  controllers: [CatalogGrpcController],
  providers: [ProductRepository, UpsertProductsUseCase, SearchProductsUseCase, GetProductUseCase, CompareProductsUseCase],
  exports: [ProductRepository],
})
export class CatalogModule {}
