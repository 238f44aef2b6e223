import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityV1 } from '@concierge/contracts';
import { isUuid, requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { inTransaction } from '../../../identity/persistence/transaction';
import { MergeReviewEntity } from '../../persistence/merge-review.entity';
import { MergeCustomersUseCase } from '../merge-customers/merge-customers.use-case';

const Resolution = IdentityV1.MergeReviewResolution;

/** An operator's decision on a flagged pair: merge them (despite the conflict) or dismiss the review. */
@Injectable()
export class ResolveMergeReviewUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mergeCustomers: MergeCustomersUseCase,
  ) {}

  async execute(cmd: { tenantId: string; reviewId: string; resolution: IdentityV1.MergeReviewResolution; survivorCustomerId: string; reason: string }): Promise<MergeReviewEntity> {
    const tenantId = requireTenant(cmd.tenantId);
    if (!isUuid(cmd.reviewId)) throw new IdentityException(IdentityErrorCode.ReviewNotFound, 'review_id must be a UUID');
    if (cmd.resolution !== Resolution.MERGE_REVIEW_RESOLUTION_MERGE && cmd.resolution !== Resolution.MERGE_REVIEW_RESOLUTION_DISMISS)
      throw new IdentityException(IdentityErrorCode.ResolutionRequired, 'resolution must be MERGE or DISMISS');
    return inTransaction(this.dataSource, async (m) => {
      const review = await m
        .getRepository(MergeReviewEntity)
        .createQueryBuilder('r')
        .where('r.tenant_id = :tenantId AND r.id = :id', { tenantId, id: cmd.reviewId.toLowerCase() })
        .setLock('pessimistic_write')
        .getOne();
      if (!review) throw new IdentityException(IdentityErrorCode.ReviewNotFound, `merge review ${cmd.reviewId} not found`);
      if (review.status !== 'open') throw new IdentityException(IdentityErrorCode.ReviewClosed, `merge review ${review.id} is already ${review.status}`);
      if (cmd.resolution === Resolution.MERGE_REVIEW_RESOLUTION_DISMISS) {
        await m.update(MergeReviewEntity, { id: review.id }, { status: 'dismissed', resolvedAt: new Date() });
      } else {
        const chosen = cmd.survivorCustomerId ? requireCustomerId(cmd.survivorCustomerId, 'survivor_customer_id') : '';
        if (chosen && chosen !== review.customerId && chosen !== review.otherCustomerId)
          throw new IdentityException(IdentityErrorCode.CustomerIdInvalid, 'survivor_customer_id must be one of the two customers of the review');
        const other = chosen === review.customerId ? review.otherCustomerId : review.customerId;
        const reason = cmd.reason || `review ${review.id}: ${review.reason}`;
        if (chosen) await this.mergeCustomers.within(m, tenantId, chosen, other, reason, true, true);
        else await this.mergeCustomers.within(m, tenantId, review.customerId, review.otherCustomerId, reason, true, false);
      }
      return m.findOneByOrFail(MergeReviewEntity, { id: review.id });
    });
  }
}
