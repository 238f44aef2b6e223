import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'customers' })
@Index('customers_tenant', ['tenantId', 'createdAt'])
export class CustomerEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'display_name', type: 'text', default: '' })
  displayName: string;

  @Column({ type: 'text', default: '' })
  locale: string;

  @Column({ type: 'text', default: '' })
  timezone: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  attributes: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** active | merged (folded into merged_into) | erased */
  @Column({ type: 'text', default: 'active' })
  status: string;

  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto: string | null;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;
}
