import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'identities' })
@Index('identities_identifier', ['tenantId', 'type', 'value'], { unique: true })
@Index('identities_customer', ['customerId'])
export class IdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' })
  firstSeenAt: Date;

  @Column({ type: 'text', default: '' })
  source: string;
}
