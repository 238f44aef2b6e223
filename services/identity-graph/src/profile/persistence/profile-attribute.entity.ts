import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Zero-party profile data: one value per key, with where and when it came from. */
@Entity({ name: 'profile_attributes' })
@Index('profile_attributes_tenant_customer', ['tenantId', 'customerId'])
export class ProfileAttributeEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'text', default: '' })
  source: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
