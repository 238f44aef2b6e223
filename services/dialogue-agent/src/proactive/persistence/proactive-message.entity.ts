import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ProactiveContext } from '../domain/proactive-message';

/**
 * A proactive message from an event (outreach due, order update, follow-up): scheduled, then sent or
 * suppressed (no consent, erased customer…) with the reason kept, so "why did she get this?" is answerable.
 */
@Entity({ name: 'proactive_messages' })
@Index('proactive_messages_dedupe', ['tenantId', 'dedupeKey'], { unique: true })
@Index('proactive_messages_due', ['status', 'dueAt'])
export class ProactiveMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId: string;

  @Column({ type: 'text' })
  kind: string;

  /** One message per business fact: outreach:<id>, order:<id>:<status>, follow_up:<order id>. */
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;

  @Column({ name: 'source_event_id', type: 'text' })
  sourceEventId: string;

  /** scheduled | sent | suppressed */
  @Column({ type: 'text', default: 'scheduled' })
  status: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Why it was suppressed or deferred (consent reason, quiet hours…). */
  @Column({ type: 'text', default: '' })
  reason: string;

  @Column({ type: 'jsonb', default: {} })
  context: ProactiveContext;

  @Column({ name: 'reply_id', type: 'uuid', nullable: true })
  replyId: string | null;

  @Column({ type: 'text', default: '' })
  text: string;

  @Column({ type: 'text', default: '' })
  language: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
