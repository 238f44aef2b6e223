import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An external signal (cold snap, local event, currency move) and what it matched. */
@Entity({ name: 'context_signals' })
export class ContextSignalEntity {
  @PrimaryColumn({ name: 'signal_id', type: 'uuid' })
  signalId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  region: string;

  @Column({ type: 'jsonb' })
  attributes: Record<string, string>;

  @Column({ name: 'product_tags', type: 'text', array: true })
  productTags: string[];

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ name: 'candidate_outreach', type: 'int' })
  candidateOutreach: number;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
