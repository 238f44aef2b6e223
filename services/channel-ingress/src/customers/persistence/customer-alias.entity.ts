import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer id identity-graph merged into another: messages stored under it still belong to the survivor. */
@Entity({ name: 'customer_aliases' })
@Index('customer_aliases_survivor', ['tenantId', 'survivorCustomerId'])
export class CustomerAliasEntity {
  @PrimaryColumn({ name: 'merged_customer_id', type: 'uuid' })
  mergedCustomerId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'survivor_customer_id', type: 'uuid' })
  survivorCustomerId: string;

  @Column({ name: 'merged_at', type: 'timestamptz', default: () => 'now()' })
  mergedAt: Date;
}
