import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer id identity-graph merged away, and the survivor that now stands for it. */
@Entity({ name: 'customer_aliases' })
@Index('customer_aliases_survivor', ['tenantId', 'survivorCustomerId'])
export class CustomerAliasEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'merged_customer_id', type: 'uuid' })
  mergedCustomerId: string;

  @Column({ name: 'survivor_customer_id', type: 'uuid' })
  survivorCustomerId: string;

  @Column({ name: 'merged_at', type: 'timestamptz' })
  mergedAt: Date;
}
