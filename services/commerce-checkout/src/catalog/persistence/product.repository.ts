import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ProductDraft } from '../domain/product-draft';
import { ProductEntity } from './product.entity';

export interface ProductSearch {
  tenantId: string;
  /** Lower-cased free text in websearch syntax; empty lists every product. */
  query: string;
  /** Every one of these tags must be on the product. */
  tags: string[];
  offset: number;
  limit: number;
}

// A query in either language matches: each tsquery stems with its own dictionary.
const TSQUERY = `(websearch_to_tsquery('english', :query) || websearch_to_tsquery('russian', :query))`;

const UPDATABLE = ['name', 'description', 'price_minor', 'currency', 'stock', 'tags', 'pack_size', 'typical_days_of_use', 'attributes', 'variant_of_sku', 'updated_at'];

@Injectable()
export class ProductRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One statement, so the batch is written entirely or not at all. */
  async upsert(tenantId: string, drafts: ProductDraft[]): Promise<{ created: number; updated: number }> {
    if (!drafts.length) return { created: 0, updated: 0 };
    const now = new Date();
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ProductEntity)
      .values(drafts.map((d) => ({ ...d, tenantId, updatedAt: now })))
      .orUpdate(UPDATABLE, ['tenant_id', 'sku'])
      // xmax is 0 only on a freshly inserted row version: it tells inserts from updates.
      .returning('(xmax = 0) AS inserted')
      .updateEntity(false)
      .execute();
    const rows = result.raw as { inserted: boolean }[];
    const created = rows.filter((r) => r.inserted).length;
    return { created, updated: rows.length - created };
  }

  findById(tenantId: string, id: string): Promise<ProductEntity | null> {
    return this.dataSource.getRepository(ProductEntity).findOne({ where: { tenantId, id } });
  }

  /** Best match first (name over tags over description), then by name; a listing is by name. */
  search(s: ProductSearch): Promise<ProductEntity[]> {
    const qb = this.dataSource
      .getRepository(ProductEntity)
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId', { tenantId: s.tenantId });
    if (s.tags.length) qb.andWhere('p.tags @> CAST(:tags AS text[])', { tags: s.tags });
    if (s.query) {
      qb.andWhere(`p.search @@ ${TSQUERY}`, { query: s.query }).orderBy(`ts_rank_cd(p.search, ${TSQUERY})`, 'DESC');
    }
    return qb.addOrderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').offset(s.offset).limit(s.limit).getMany();
  }
}
