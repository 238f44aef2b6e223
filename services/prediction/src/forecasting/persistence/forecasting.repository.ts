import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogProductEntity } from './catalog-product.entity';
import { ContextSignalEntity } from './context-signal.entity';
import { CustomerModelEntity } from './customer-model.entity';
import { ForecastEntity } from './forecast.entity';
import { OutreachEntity } from './outreach.entity';
import { ProductPriorEntity } from './product-prior.entity';

export interface PurchaseRow {
  customerId: string;
  productId: string;
  orderId: string;
  purchasedAt: Date;
  quantity: number;
}

const CHUNK = 2000;

@Injectable()
export class ForecastingRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  tenants(): Promise<string[]> {
    return this.dataSource.query(`SELECT DISTINCT tenant_id FROM purchases`).then((rows: { tenant_id: string }[]) => rows.map((r) => r.tenant_id));
  }

  async purchasesOf(tenantId: string, customerId: string, m?: EntityManager): Promise<PurchaseRow[]> {
    const rows = await this.m(m).query(
      `SELECT customer_id, product_id, order_id, purchased_at, quantity FROM purchases WHERE tenant_id = $1 AND customer_id = $2 ORDER BY purchased_at`,
      [tenantId, customerId],
    );
    return rows.map(toPurchaseRow);
  }

  /** Every purchase of the tenant, grouped by customer then product, oldest first: the batch's input. */
  async allPurchases(tenantId: string): Promise<PurchaseRow[]> {
    const rows = await this.dataSource.query(
      `SELECT customer_id, product_id, order_id, purchased_at, quantity FROM purchases WHERE tenant_id = $1 ORDER BY customer_id, product_id, purchased_at`,
      [tenantId],
    );
    return rows.map(toPurchaseRow);
  }

  catalog(tenantId: string, productIds: string[], m?: EntityManager): Promise<CatalogProductEntity[]> {
    if (!productIds.length) return Promise.resolve([]);
    return this.m(m).getRepository(CatalogProductEntity).createQueryBuilder('p')
      .where('p.tenant_id = :tenantId AND p.product_id = ANY(:ids)', { tenantId, ids: productIds }).getMany();
  }

  catalogByTags(tenantId: string, tags: string[]): Promise<CatalogProductEntity[]> {
    return this.dataSource.getRepository(CatalogProductEntity).createQueryBuilder('p')
      .where('p.tenant_id = :tenantId AND p.tags && :tags', { tenantId, tags }).getMany();
  }

  async saveCatalog(rows: CatalogProductEntity[], m?: EntityManager): Promise<void> {
    if (rows.length) await this.m(m).getRepository(CatalogProductEntity).upsert(rows, ['tenantId', 'productId']);
  }

  priors(tenantId: string, productIds?: string[], m?: EntityManager): Promise<ProductPriorEntity[]> {
    const qb = this.m(m).getRepository(ProductPriorEntity).createQueryBuilder('p').where('p.tenant_id = :tenantId', { tenantId });
    if (productIds) qb.andWhere('p.product_id = ANY(:ids)', { ids: productIds });
    return qb.getMany();
  }

  async savePriors(rows: ProductPriorEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await this.dataSource.getRepository(ProductPriorEntity).upsert(rows.slice(i, i + CHUNK), ['tenantId', 'productId']);
  }

  async replaceForecasts(m: EntityManager, tenantId: string, customerId: string, rows: ForecastEntity[]): Promise<void> {
    await m.delete(ForecastEntity, { tenantId, customerId });
    if (rows.length) await m.insert(ForecastEntity, rows);
  }

  async upsertForecasts(rows: ForecastEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.dataSource.getRepository(ForecastEntity).upsert(rows.slice(i, i + CHUNK), ['tenantId', 'customerId', 'productId']);
  }

  forecastsOf(tenantId: string, customerId: string): Promise<ForecastEntity[]> {
    return this.dataSource.getRepository(ForecastEntity).find({ where: { tenantId, customerId }, order: { runOutAt: 'ASC' } });
  }

  /** Forecasts whose outreach is planned at or before `asOf` and not yet stale. */
  plannedBy(tenantId: string, asOf: Date, staleBefore: Date): Promise<ForecastEntity[]> {
    return this.dataSource.getRepository(ForecastEntity).createQueryBuilder('f')
      .where('f.tenant_id = :tenantId AND f.planned_at <= :asOf AND f.run_out_at >= :staleBefore', { tenantId, asOf, staleBefore })
      .orderBy('f.planned_at').getMany();
  }

  /** Latest outreach per customer, for the frequency cap. */
  async lastOutreach(tenantId: string, customerIds: string[], m?: EntityManager): Promise<Map<string, Date>> {
    if (!customerIds.length) return new Map();
    const rows: { customer_id: string; at: Date }[] = await this.m(m).query(
      `SELECT customer_id, max(emitted_at) AS at FROM outreach_log WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) GROUP BY customer_id`,
      [tenantId, customerIds],
    );
    return new Map(rows.map((r) => [r.customer_id, new Date(r.at)]));
  }

  async cycleSent(tenantId: string, customerId: string, productId: string, cycleKey: string, m?: EntityManager): Promise<boolean> {
    return (await this.m(m).count(OutreachEntity, { where: { tenantId, customerId, productId, cycleKey } })) > 0;
  }

  /** False when the cycle already has an outreach (a concurrent scan got there first). */
  async recordOutreach(m: EntityManager, row: OutreachEntity): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO outreach_log (outreach_id, tenant_id, customer_id, product_id, action, cycle_key, reason, channel_kind, due_at, emitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING outreach_id`,
      [row.outreachId, row.tenantId, row.customerId, row.productId, row.action, row.cycleKey, row.reason, row.channelKind, row.dueAt, row.emittedAt],
    );
    return rows.length > 0;
  }

  model(tenantId: string): Promise<CustomerModelEntity | null> {
    return this.dataSource.getRepository(CustomerModelEntity).findOne({ where: { tenantId } });
  }

  async saveModel(row: CustomerModelEntity): Promise<void> {
    await this.dataSource.getRepository(CustomerModelEntity).upsert(row, ['tenantId']);
  }

  async saveSignal(row: ContextSignalEntity): Promise<void> {
    await this.dataSource.getRepository(ContextSignalEntity).insert(row);
  }

  async rekey(m: EntityManager, tenantId: string, fromId: string, toId: string): Promise<void> {
    await m.delete(ForecastEntity, { tenantId, customerId: fromId });
    await m.query(
      `DELETE FROM outreach_log o WHERE tenant_id = $1 AND customer_id = $2 AND EXISTS (
         SELECT 1 FROM outreach_log s WHERE s.tenant_id = $1 AND s.customer_id = $3 AND s.product_id = o.product_id AND s.cycle_key = o.cycle_key)`,
      [tenantId, fromId, toId],
    );
    await m.update(OutreachEntity, { tenantId, customerId: fromId }, { customerId: toId });
  }

  async deleteCustomers(m: EntityManager, tenantId: string, customerIds: string[]): Promise<void> {
    await m.query(`DELETE FROM replenishment_forecasts WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, customerIds]);
    await m.query(`DELETE FROM outreach_log WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, customerIds]);
  }
}

function toPurchaseRow(r: { customer_id: string; product_id: string; order_id: string; purchased_at: Date; quantity: number }): PurchaseRow {
  return { customerId: r.customer_id, productId: r.product_id, orderId: r.order_id, purchasedAt: new Date(r.purchased_at), quantity: r.quantity };
}
