import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every outreach emitted: the frequency cap and "once per cycle" read it. */
@Entity({ name: 'outreach_log' })
@Index('outreach_cycle', ['tenantId', 'customerId', 'productId', 'cycleKey'], { unique: true })
@Index('outreach_customer_time', ['tenantId', 'customerId', 'emittedAt'])
export class OutreachEntity {
  @PrimaryColumn({ name: 'outreach_id', type: 'uuid' })
  outreachId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'product_id', type: 'text' })
  productId: string;

  @Column({ type: 'text' })
  action: string;

  /** Reorders: the purchase time the forecast counts from; signals: the signal id. */
  @Column({ name: 'cycle_key', type: 'text' })
  cycleKey: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'channel_kind', type: 'text' })
  channelKind: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** The scan's clock (as-of time), not the wall clock. */
  @Column({ name: 'emitted_at', type: 'timestamptz' })
  emittedAt: Date;
}
