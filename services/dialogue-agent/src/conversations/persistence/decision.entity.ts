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

  @Column({ type: 'double precision', default: 0 })
  sentiment: number;

  @Column({ type: 'text', default: '' })
  mood: string;

  @Column({ name: 'affect_signals', type: 'jsonb', default: () => `'[]'` })
  affectSignals: string[];

  /** Each tool call with arguments, result, and a refusal reason when a guard said no. */
  @Column({ name: 'tool_calls', type: 'jsonb', default: () => `'[]'` })
  toolCalls: { name: string; arguments: unknown; result: unknown; ok: boolean; refusedReason?: string }[];

  @Column({ type: 'text', default: 'offline' })
  engine: string;

  @Column({ name: 'prompt_tokens', type: 'int', default: 0 })
  promptTokens: number;

  @Column({ name: 'completion_tokens', type: 'int', default: 0 })
  completionTokens: number;

  @Column({ name: 'tone_reasons', type: 'jsonb', default: () => `'[]'` })
  toneReasons: string[];

  @Column({ name: 'style_confidence', type: 'double precision', default: 0 })
  styleConfidence: number;

  @Column({ name: 'human_offered', type: 'boolean', default: false })
  humanOffered: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
