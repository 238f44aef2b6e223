import { Injectable } from '@nestjs/common';
import { CatalogErrorCode, CatalogException, requireTenant } from '../../domain/catalog.exception';
import { decodePageToken, encodePageToken } from '../../domain/page-token';
import { normalizeTags } from '../../domain/product-draft';
import { ProductEntity } from '../../persistence/product.entity';
import { ProductRepository } from '../../persistence/product.repository';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const MAX_QUERY_LENGTH = 500;

export interface SearchProductsQuery {
  tenantId: string;
  query: string;
  tags: string[];
  pageSize: number;
  pageToken: string;
}

/** Full-text search over the catalog in English and Russian, narrowed by tags, one page at a time. */
@Injectable()
export class SearchProductsUseCase {
  constructor(private readonly products: ProductRepository) {}

  async execute(q: SearchProductsQuery): Promise<{ products: ProductEntity[]; nextPageToken: string }> {
    const tenantId = requireTenant(q.tenantId);
    const query = (q.query ?? '').trim().toLowerCase();
    if (query.length > MAX_QUERY_LENGTH)
      throw new CatalogException(CatalogErrorCode.QueryInvalid, `query is longer than ${MAX_QUERY_LENGTH} characters`);
    const size = Math.min(Math.max(q.pageSize || DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const offset = decodePageToken(q.pageToken);
    const rows = await this.products.search({ tenantId, query, tags: normalizeTags(q.tags), offset, limit: size + 1 });
    const products = rows.slice(0, size);
    return { products, nextPageToken: rows.length > size ? encodePageToken(offset + size) : '' };
  }
}
