import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One conversation's timings and outcome: FRT, resolution, handoff, CSAT. */
@Entity({ name: 'conversation_stats' })
@Index('conversation_stats_started', ['tenantId', 'startedAt'])
export class ConversationStatEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'conversation_id', type: 'text' })
  conversationId: string;

  @Column({ name: 'pseudonymous_customer_id', type: 'text', default: '' })
  pseudonymousCustomerId: string;

  @Column({ name: 'channel_kind', type: 'text', default: 'CHANNEL_KIND_UNSPECIFIED' })
  channelKind: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'first_reply_at', type: 'timestamptz', nullable: true })
  firstReplyAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** ai or human; null while unresolved. */
  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'human_involved', type: 'boolean', default: false })
  humanInvolved: boolean;

  @Column({ name: 'handed_off', type: 'boolean', default: false })
  handedOff: boolean;

  @Column({ type: 'int', nullable: true })
  csat: number | null;

  @Column({ name: 'sentiment_sum', type: 'double precision', default: 0 })
  sentimentSum: number;

  @Column({ name: 'turns', type: 'int', default: 0 })
  turns: number;
}
