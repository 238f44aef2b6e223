import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A conversation seen in an hour (no customer, no text): distinct counts over any range come from these. */
@Entity({ name: 'conversation_marks' })
@Index('conversation_marks_hour', ['tenantId', 'hourStart'])
export class ConversationMarkEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'conversation_id', type: 'text' })
  conversationId: string;

  @PrimaryColumn({ name: 'hour_start', type: 'timestamptz' })
  hourStart: Date;

  @PrimaryColumn({ type: 'text' })
  mark: string;
}
