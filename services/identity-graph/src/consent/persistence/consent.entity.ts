import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The customer's latest word on one purpose × channel ('' channel: every channel). */
@Entity({ name: 'consents' })
@Index('consents_tenant_customer', ['tenantId', 'customerId'])
export class ConsentEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @PrimaryColumn({ type: 'text' })
  purpose: string;

  @PrimaryColumn({ name: 'channel_kind', type: 'text' })
  channelKind: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'boolean' })
  granted: boolean;

  @Column({ type: 'text', default: '' })
  source: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
