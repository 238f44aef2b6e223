import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Something other services inferred about the customer (decision style, usual mood, best contact hour...). */
@Entity({ name: 'customer_traits' })
@Index('customer_traits_tenant_customer', ['tenantId', 'customerId'])
export class TraitEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'double precision', default: 0 })
  confidence: number;

  @Column({ type: 'text', default: '' })
  source: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
