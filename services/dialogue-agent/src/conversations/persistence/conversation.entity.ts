import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** One continuous conversation per customer, across channels. */
@Entity({ name: 'conversations' })
@Index('conversations_customer', ['tenantId', 'customerId'], { unique: true })
@Index('conversations_mode', ['tenantId', 'mode', 'updatedAt'])
@Index('conversations_activity', ['mode', 'lastActivityAt'])
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  mode: string;

  @Column({ name: 'last_channel_id', type: 'text', default: '' })
  lastChannelId: string;

  @Column({ name: 'last_inbound_message_id', type: 'text', default: '' })
  lastInboundMessageId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** Agent memory between turns (pending quote, last products, affect history...). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  state: Record<string, unknown>;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text', default: '' })
  mood: string;

  @Column({ name: 'decision_style', type: 'text', default: '' })
  decisionStyle: string;

  @Column({ type: 'double precision', default: 0 })
  frustration: number;

  @Column({ name: 'suggested_reply', type: 'text', default: '' })
  suggestedReply: string;

  @Column({ name: 'handoff_reason', type: 'text', default: '' })
  handoffReason: string;

  /** ai_resolved | human_resolved | abandoned, set when the conversation closes. */
  @Column({ type: 'text', default: '' })
  resolution: string;

  @Column({ name: 'resolution_rule', type: 'text', default: '' })
  resolutionRule: string;

  @Column({ name: 'csat_score', type: 'int', default: 0 })
  csatScore: number;

  @Column({ name: 'last_channel_kind', type: 'text', default: '' })
  lastChannelKind: string;

  @Column({ name: 'last_activity_at', type: 'timestamptz', default: () => 'now()' })
  lastActivityAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;
}
