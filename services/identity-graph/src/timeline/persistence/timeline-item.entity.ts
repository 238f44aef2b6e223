import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One entry of a customer's cross-channel history. */
@Entity({ name: 'timeline_items' })
@Index('timeline_customer_time', ['tenantId', 'customerId', 'occurredAt'])
@Index('timeline_source_event', ['sourceEventId'], { unique: true })
export class TimelineItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'channel_kind', type: 'text', default: '' })
  channelKind: string;

  @Column({ name: 'channel_id', type: 'text', default: '' })
  channelId: string;

  @Column({ type: 'text', default: '' })
  text: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'source_event_id', type: 'text' })
  sourceEventId: string;

  /** The identifier the item came through (for unmerge: items that arrived after a merge follow their identifier). */
  @Column({ name: 'identifier_type', type: 'text', default: '' })
  identifierType: string;

  @Column({ name: 'identifier_value', type: 'text', default: '' })
  identifierValue: string;

  @Column({ type: 'text', default: '' })
  intent: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
