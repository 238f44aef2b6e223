import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Outreach sent and orders placed, with whether an order came from chat or from an outreach. */
@Entity({ name: 'commerce_events' })
@Index('commerce_events_time', ['tenantId', 'occurredAt'])
export class CommerceEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  /** outreach, proactive_reply or order. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'pseudonymous_customer_id', type: 'text' })
  pseudonymousCustomerId: string;

  @Column({ name: 'channel_kind', type: 'text', default: 'CHANNEL_KIND_UNSPECIFIED' })
  channelKind: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'amount_minor', type: 'bigint', default: 0 })
  amountMinor: string;

  @Column({ type: 'text', default: '' })
  currency: string;

  @Column({ name: 'via_chat', type: 'boolean', default: false })
  viaChat: boolean;

  @Column({ name: 'after_outreach', type: 'boolean', default: false })
  afterOutreach: boolean;
}
