import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityV1 } from '@concierge/contracts';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { MergeReviewEntity } from '../../persistence/merge-review.entity';

const STATUS: Record<string, string> = {
  [IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_OPEN]: 'open',
  [IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_MERGED]: 'merged',
  [IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_DISMISSED]: 'dismissed',
};

/** The review queue: conflicts that were flagged instead of merged, oldest first, paged. */
@Injectable()
export class ListMergeReviewsUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: { tenantId: string; status: IdentityV1.MergeReviewStatus; customerId: string; pageSize: number; pageToken: string }) {
    const tenantId = requireTenant(q.tenantId);
    const status = STATUS[q.status] ?? 'open';
    const size = Math.min(Math.max(q.pageSize || 50, 1), 500);
    const offset = /^\d+$/.test(q.pageToken ?? '') ? Number(q.pageToken) : 0;
    const qb = this.dataSource
      .getRepository(MergeReviewEntity)
      .createQueryBuilder('r')
      .where('r.tenant_id = :tenantId AND r.status = :status', { tenantId, status })
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id')
      .offset(offset)
      .limit(size + 1);
    if (q.customerId) qb.andWhere('(r.customer_id = :c OR r.other_customer_id = :c)', { c: requireCustomerId(q.customerId) });
    const rows = await qb.getMany();
    return { reviews: rows.slice(0, size), nextPageToken: rows.length > size ? String(offset + size) : '' };
  }
}
