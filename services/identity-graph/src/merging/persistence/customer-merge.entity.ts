import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Lineage: one merge, with what it moved, so it can be undone exactly. */
@Entity({ name: 'customer_merges' })
@Index('customer_merges_survivor', ['tenantId', 'survivorCustomerId'])
@Index('customer_merges_merged', ['tenantId', 'mergedCustomerId'])
export class CustomerMergeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'survivor_customer_id', type: 'uuid' })
  survivorCustomerId: string;

  @Column({ name: 'merged_customer_id', type: 'uuid' })
  mergedCustomerId: string;

  @Column({ type: 'text', default: '' })
  reason: string;

  @Column({ type: 'boolean', default: false })
  automatic: boolean;

  @Column({ name: 'merged_at', type: 'timestamptz' })
  mergedAt: Date;

  @Column({ name: 'unmerged_at', type: 'timestamptz', nullable: true })
  unmergedAt: Date | null;

  /** Both customers' profile rows as they were before the merge, and the ids of the rows moved (null once erased). */
  @Column({ type: 'jsonb', nullable: true })
  snapshot: MergeSnapshot | null;
}

export interface MergeSnapshot {
  survivor: ProfileSnapshot;
  merged: ProfileSnapshot;
  moved: { identities: string[]; facts: string[]; timeline: string[] };
}

export interface ProfileSnapshot {
  customer: Record<string, unknown>;
  attributes: Record<string, unknown>[];
  traits: Record<string, unknown>[];
  consents: Record<string, unknown>[];
}
