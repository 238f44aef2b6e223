import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer message as received; (channel, external message id) is the dedupe key. */
@Entity({ name: 'inbound_messages' })
@Index('inbound_dedupe', ['channelId', 'externalMessageId'], { unique: true })
@Index('inbound_customer', ['tenantId', 'customerId', 'receivedAt'])
@Index('inbound_sender', ['channelId', 'replyAddress', 'receivedAt'])
export class InboundMessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'channel_id', type: 'text' })
  channelId: string;

  @Column({ name: 'channel_kind', type: 'text' })
  channelKind: string;

  @Column({ name: 'external_user_id', type: 'text' })
  externalUserId: string;

  @Column({ name: 'external_message_id', type: 'text' })
  externalMessageId: string;

  /** Null until identity-graph has answered for a first contact (see pending_identities). */
  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  /** Where a reply goes on this channel (Telegram chat id, widget visitor id). */
  @Column({ name: 'reply_address', type: 'text' })
  replyAddress: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', default: '' })
  locale: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments: StoredAttachment[];

  /** Threading and provider context a reply needs (email Message-ID/References/subject…). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  context: Record<string, string>;

  @Column({ name: 'conversation_ref', type: 'text', default: '' })
  conversationRef: string;
}

export interface StoredAttachment {
  kind: string;
  url: string;
  mimeType: string;
  fileName: string;
  sizeBytes: number;
  externalId: string;
}
