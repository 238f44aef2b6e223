import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

const folded = (column: string) => `lower(${column} COLLATE "pg_c_utf8")`;

/** A sellable item of one tenant's catalog, keyed by its SKU. */
@Entity({ name: 'products' })
@Index('products_tenant_sku', ['tenantId', 'sku'], { unique: true })
@Index('products_tenant_name', ['tenantId', 'name', 'id'])
// `spatial` is how TypeORM emits USING GiST, a full-text index type it can generate (it cannot express GIN).
@Index('products_search', ['search'], { spatial: true })
export class ProductEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  sku: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'price_minor', type: 'bigint' })
  priceMinor: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'int' })
  stock: number;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];

  @Column({ name: 'pack_size', type: 'text', default: '' })
  packSize: string;

  @Column({ name: 'typical_days_of_use', type: 'int', default: 0 })
  typicalDaysOfUse: number;

  @Column({ name: 'variant_of_sku', type: 'text', default: '' })
  variantOfSku: string;

  // Postgres reports the default without its cast; declaring it the same way keeps migration diffs empty.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  attributes: Record<string, string>;

  // Case folds with the built-in Unicode collation (a C-locale database keeps Cyrillic capitals); tags pass through tsvector text (array_to_string is not immutable).
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression:
      `setweight(to_tsvector('english', ${folded('name')}), 'A') || setweight(to_tsvector('russian', ${folded('name')}), 'A') || ` +
      `setweight(to_tsvector('english', array_to_tsvector(tags)::text), 'B') || setweight(to_tsvector('russian', array_to_tsvector(tags)::text), 'B') || ` +
      `to_tsvector('english', ${folded('description')}) || to_tsvector('russian', ${folded('description')})`,
  })
  search: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
