import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A fact the agent was asked to remember about the customer. */
@Entity({ name: 'memory_facts' })
@Index('memory_facts_rank', ['tenantId', 'customerId', 'confidence', 'createdAt'])
export class MemoryFactEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  fact: string;

  @Column({ name: 'source_turn_id', type: 'text', default: '' })
  sourceTurnId: string;

  @Column({ type: 'double precision', default: 1 })
  confidence: number;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
