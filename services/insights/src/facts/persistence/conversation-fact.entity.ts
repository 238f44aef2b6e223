import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What one customer message was about. The customer is only a pseudonym; the quote is masked
 * (cards, e-mails, phones) and is dropped when the customer is erased.
 */
@Entity({ name: 'conversation_facts' })
@Index('conversation_facts_time', ['tenantId', 'occurredAt'])
@Index('conversation_facts_message', ['tenantId', 'inboundMessageId'], { unique: true })
@Index('conversation_facts_unpublished', ['createdAt'], { where: 'published_at IS NULL' })
export class ConversationFactEntity {
  @PrimaryColumn({ name: 'fact_id', type: 'uuid' })
  factId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'inbound_message_id', type: 'text' })
  inboundMessageId: string;

  @Column({ name: 'conversation_id', type: 'text', default: '' })
  conversationId: string;

  @Column({ name: 'pseudonymous_customer_id', type: 'text' })
  pseudonymousCustomerId: string;

  @Column({ name: 'channel_kind', type: 'text', default: 'CHANNEL_KIND_UNSPECIFIED' })
  channelKind: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text', array: true, default: '{}' })
  topics: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  barriers: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  subjects: string[];

  @Column({ name: 'key_phrases', type: 'text', array: true, default: '{}' })
  keyPhrases: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  products: string[];

  @Column({ type: 'text', default: 'en' })
  language: string;

  @Column({ type: 'text', default: 'new' })
  segment: string;

  @Column({ type: 'double precision', nullable: true })
  sentiment: number | null;

  @Column({ type: 'double precision', nullable: true })
  frustration: number | null;

  @Column({ name: 'decision_style', type: 'text', default: '' })
  decisionStyle: string;

  @Column({ type: 'text', default: '' })
  intent: string;

  @Column({ type: 'text', nullable: true })
  quote: string | null;

  @Column({ name: 'classified_by', type: 'text', default: 'rules' })
  classifiedBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
