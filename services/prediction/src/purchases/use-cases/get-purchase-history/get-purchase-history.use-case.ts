import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireCustomerId, requireTenant } from '../../../customers/domain/customer-ref';
import { CustomerDirectory } from '@concierge/persistence';
import { PurchaseEntity } from '../../persistence/purchase.entity';
import { PurchaseRepository } from '../../persistence/purchase.repository';

// The RPC has no paging; a bound keeps one busy customer from producing an unbounded response.
export const MAX_PURCHASES = 500;

/** A customer's purchases, newest first; a merged-away id reads its survivor's history. */
@Injectable()
export class GetPurchaseHistoryUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: CustomerDirectory,
    private readonly purchases: PurchaseRepository,
  ) {}

  async execute(query: { tenantId: string; customerId: string }): Promise<PurchaseEntity[]> {
    const tenantId = requireTenant(query.tenantId);
    const customerId = requireCustomerId(query.customerId);
    const customer = await this.directory.resolve(this.dataSource.manager, tenantId, customerId);
    if (customer.erased) return [];
    return this.purchases.history(tenantId, customer.customerId, MAX_PURCHASES);
  }
}
