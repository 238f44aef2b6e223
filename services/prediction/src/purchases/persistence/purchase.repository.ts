import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PurchaseEntity } from './purchase.entity';

@Injectable()
export class PurchaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A line already stored for the order is left as it is: order-placed may arrive more than once. */
  async addOnce(m: EntityManager, purchases: PurchaseEntity[]): Promise<void> {
    if (!purchases.length) return;
    await m.createQueryBuilder().insert().into(PurchaseEntity).values(purchases).orIgnore().execute();
  }

  /** Newest first. */
  history(tenantId: string, customerId: string, limit: number): Promise<PurchaseEntity[]> {
    return this.dataSource.getRepository(PurchaseEntity).find({
      where: { tenantId, customerId },
      order: { purchasedAt: 'DESC', orderId: 'ASC', productId: 'ASC' },
      take: limit,
    });
  }

  async rekey(m: EntityManager, tenantId: string, fromCustomerId: string, toCustomerId: string): Promise<void> {
    await m.update(PurchaseEntity, { tenantId, customerId: fromCustomerId }, { customerId: toCustomerId });
  }

  async deleteCustomers(m: EntityManager, tenantId: string, customerIds: string[]): Promise<void> {
    await m.query(`DELETE FROM purchases WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, customerIds]);
  }
}
