import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Two customers that share a trusted identifier but were not merged automatically. */
@Entity({ name: 'merge_reviews' })
@Index('merge_reviews_status', ['tenantId', 'status', 'createdAt'])
@Index('merge_reviews_open_pair', ['tenantId', 'customerId', 'otherCustomerId'], { unique: true, where: `status = 'open'` })
export class MergeReviewEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  /** The pair is stored in id order, so one conflict opens one review. */
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'other_customer_id', type: 'uuid' })
  otherCustomerId: string;

  @Column({ name: 'identifier_type', type: 'text' })
  identifierType: string;

  @Column({ name: 'identifier_value', type: 'text' })
  identifierValue: string;

  @Column({ type: 'text' })
  reason: string;

  /** open | merged | dismissed */
  @Column({ type: 'text', default: 'open' })
  status: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'merge_id', type: 'uuid', nullable: true })
  mergeId: string | null;
}
