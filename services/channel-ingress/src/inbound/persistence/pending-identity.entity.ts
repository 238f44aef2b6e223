import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A stored message whose customer is not known yet. The webhook was acknowledged once the message and
 * this row were written; the identity resolver asks identity-graph, fills in the customer id and writes
 * the message-received event in one statement, sender by sender in `seq` order.
 */
@Entity({ name: 'pending_identities' })
@Index('pending_identities_sender', ['channelId', 'sender', 'seq'])
@Index('pending_identities_due', ['nextAttemptAt'])
export class PendingIdentityEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Index('pending_identities_message', { unique: true })
  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'channel_id', type: 'text' })
  channelId: string;

  /** The channel user (external user id): events of one sender are published in arrival order. */
  @Column({ type: 'text' })
  sender: string;

  /** The ResolveIdentity request (proto3 JSON). */
  @Column({ type: 'jsonb' })
  request: unknown;

  /** The MessageReceived payload (proto3 JSON) without its customer id. */
  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** The resolver pass holding this row until next_attempt_at; its write only lands while it still holds it. */
  @Column({ name: 'lease_id', type: 'uuid', nullable: true })
  leaseId: string | null;

  @Column({ name: 'last_error', type: 'text', default: '' })
  lastError: string;

  /** identity-graph refused the request for good (operators look at these; the sender is not held up). */
  @Column({ type: 'boolean', default: false })
  failed: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
