import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the model needs of a product, cached from CheckoutService.GetProduct. */
@Entity({ name: 'catalog_products' })
export class CatalogProductEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'product_id', type: 'text' })
  productId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'pack_size', type: 'text', nullable: true })
  packSize: string | null;

  @Column({ name: 'typical_days_of_use', type: 'int', nullable: true })
  typicalDaysOfUse: number | null;

  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt: Date;
}
