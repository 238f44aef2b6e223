import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Product names seen in orders: what product mentions in messages are matched against. */
@Entity({ name: 'known_products' })
export class KnownProductEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'product_id', type: 'text' })
  productId: string;

  @Column({ type: 'text' })
  name: string;
}
