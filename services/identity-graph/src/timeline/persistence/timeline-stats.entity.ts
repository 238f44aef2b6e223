import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Running totals of a customer's timeline, kept on every append so the context digest never scans history. */
@Entity({ name: 'timeline_stats' })
export class TimelineStatsEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ name: 'first_at', type: 'timestamptz', nullable: true })
  firstAt: Date | null;

  @Column({ name: 'last_at', type: 'timestamptz', nullable: true })
  lastAt: Date | null;

  /** kind → count */
  @Column({ name: 'by_kind', type: 'jsonb', default: () => `'{}'` })
  byKind: Record<string, number>;

  /** channel kind → count */
  @Column({ name: 'by_channel', type: 'jsonb', default: () => `'{}'` })
  byChannel: Record<string, number>;

  /** intent → count */
  @Column({ name: 'by_intent', type: 'jsonb', default: () => `'{}'` })
  byIntent: Record<string, number>;

  @Column({ name: 'last_order_text', type: 'text', default: '' })
  lastOrderText: string;

  @Column({ name: 'last_order_at', type: 'timestamptz', nullable: true })
  lastOrderAt: Date | null;
}
