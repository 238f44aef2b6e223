import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Why the assistant answered a turn the way it did. */
@Entity({ name: 'decisions' })
@Index('decisions_conversation', ['conversationId', 'createdAt'])
export class DecisionEntity {
  @PrimaryColumn({ name: 'turn_id', type: 'uuid' })
  turnId: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  intent: string;

  @Column({ type: 'text' })
  tone: string;

  @Column({ type: 'double precision', default: 0 })
  frustration: number;

  @Column({ type: 'double precision', default: 0 })
  urgency: number;

  @Column({ name: 'decision_style', type: 'text', default: '' })
  decisionStyle: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  tools: string[];

  @Column({ name: 'knowledge_chunk_ids', type: 'jsonb', default: () => `'[]'` })
  knowledgeChunkIds: string[];

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
