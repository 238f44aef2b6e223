import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per pseudonymous customer: segment (new/returning), pending survey, last outreach and chat, for attribution. */
@Entity({ name: 'customer_activity' })
export class CustomerActivityEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'pseudonymous_customer_id', type: 'text' })
  pseudonymousCustomerId: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ name: 'last_chat_at', type: 'timestamptz', nullable: true })
  lastChatAt: Date | null;

  @Column({ name: 'last_outreach_at', type: 'timestamptz', nullable: true })
  lastOutreachAt: Date | null;

  @Column({ name: 'survey_conversation_id', type: 'text', nullable: true })
  surveyConversationId: string | null;
}
