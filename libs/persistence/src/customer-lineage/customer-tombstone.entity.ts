import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An erased customer: late events about them must not re-create their data. */
@Entity({ name: 'customer_tombstones' })
export class CustomerTombstoneEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'erased_at', type: 'timestamptz' })
  erasedAt: Date;
}
