import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One outbound message; its id orders the widget stream (SSE event id). */
@Entity({ name: 'deliveries' })
@Index('deliveries_reply', ['replyId'], { unique: true })
@Index('deliveries_recipient', ['channelId', 'recipient', 'id'])
@Index('deliveries_due', ['status', 'nextAttemptAt'])
@Index('deliveries_external', ['channelId', 'externalId'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'reply_id', type: 'text' })
  replyId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'channel_id', type: 'text' })
  channelId: string;

  @Column({ name: 'channel_kind', type: 'text' })
  channelKind: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'quick_replies', type: 'jsonb', default: () => `'[]'` })
  quickReplies: { label: string; payload: string }[];

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', default: '' })
  lastError: string;

  @Column({ name: 'external_id', type: 'text', default: '' })
  externalId: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments: { kind: string; url: string; mimeType: string; fileName: string }[];

  /** Threading for the reply (email Message-ID/References/subject) and the WhatsApp template, if any. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  context: Record<string, string>;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** Set when retries ran out and the reply went to the reply-ready DLQ. */
  @Column({ name: 'dead_lettered_at', type: 'timestamptz', nullable: true })
  deadLetteredAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
