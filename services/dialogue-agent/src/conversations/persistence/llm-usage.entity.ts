import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** LLM tokens and cost per conversation; per-tenant figures are sums. */
@Entity({ name: 'llm_usage' })
@Index('llm_usage_tenant', ['tenantId'])
export class LlmUsageEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'prompt_tokens', type: 'bigint', default: 0 })
  promptTokens: string;

  @Column({ name: 'completion_tokens', type: 'bigint', default: 0 })
  completionTokens: string;

  @Column({ name: 'cost_micros', type: 'bigint', default: 0 })
  costMicros: string;

  @Column({ type: 'int', default: 0 })
  calls: number;

  @Column({ type: 'int', default: 0 })
  fallbacks: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
