import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { CustomerMergeEntity } from '../../persistence/customer-merge.entity';

/** Lineage of one customer: the merges into it and the one that folded it away, newest first. */
@Injectable()
export class ListMergesUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: { tenantId: string; customerId: string }): Promise<CustomerMergeEntity[]> {
    const tenantId = requireTenant(q.tenantId);
    const id = requireCustomerId(q.customerId);
    return this.dataSource
      .getRepository(CustomerMergeEntity)
      .createQueryBuilder('x')
      .select(['x.id', 'x.tenantId', 'x.survivorCustomerId', 'x.mergedCustomerId', 'x.reason', 'x.automatic', 'x.mergedAt', 'x.unmergedAt'])
      .where('x.tenant_id = :tenantId AND (x.survivor_customer_id = :id OR x.merged_customer_id = :id)', { tenantId, id })
      .orderBy('x.merged_at', 'DESC')
      .limit(500)
      .getMany();
  }
}
