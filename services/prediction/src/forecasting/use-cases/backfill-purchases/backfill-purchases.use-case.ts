import { Injectable, Logger } from '@nestjs/common';
import { CheckoutV1 } from '@concierge/contracts';
import { DataSource } from 'typeorm';
import { requireCustomerId, requireTenant } from '../../../customers/domain/customer-ref';
import { RecordOrderUseCase } from '../../../purchases/use-cases/record-order/record-order.use-case';
import { ForecastingErrorCode, ForecastingException } from '../../domain/forecasting.exception';
import { UpstreamGateway } from '../../gateways/upstream.gateway';

const COUNTED_STATUSES = new Set([
  CheckoutV1.OrderStatus.ORDER_STATUS_PLACED, CheckoutV1.OrderStatus.ORDER_STATUS_PAID, CheckoutV1.OrderStatus.ORDER_STATUS_SHIPPED,
  CheckoutV1.OrderStatus.ORDER_STATUS_DELIVERED, CheckoutV1.OrderStatus.ORDER_STATUS_COMPLETED,
]);

/** Imports past orders from CheckoutService.ListOrders (paged) through the same projection as order-placed. */
@Injectable()
export class BackfillPurchasesUseCase {
  private readonly log = new Logger('BackfillPurchases');

  constructor(
    private readonly dataSource: DataSource,
    private readonly upstream: UpstreamGateway,
    private readonly recordOrder: RecordOrderUseCase,
  ) {}

  async execute(q: { tenantId: string; customerId: string }): Promise<{ ordersRead: number; purchasesAdded: number; customers: Set<string> }> {
    const tenantId = requireTenant(q.tenantId);
    const customerId = q.customerId ? requireCustomerId(q.customerId) : '';
    let pageToken = '';
    let ordersRead = 0;
    const before = await this.count(tenantId);
    const customers = new Set<string>();
    for (let page = 0; page < 100_000; page++) {
      let res: CheckoutV1.ListOrdersResponse;
      try {
        res = await this.upstream.listOrders(tenantId, customerId, pageToken);
      } catch (err) {
        throw new ForecastingException(ForecastingErrorCode.CheckoutUnavailable, `ListOrders failed after ${ordersRead} orders: ${(err as Error).message}`);
      }
      for (const order of res.orders ?? []) {
        ordersRead++;
        if (!COUNTED_STATUSES.has(order.status) || !order.lines?.length) continue;
        const landed = await this.dataSource.transaction((m) =>
          this.recordOrder.execute(m, { event: { order: { ...order, tenantId: order.tenantId || tenantId } }, headerTenantId: tenantId, ceTime: new Date().toISOString() }),
        ).catch((err) => {
          this.log.warn(`order ${order.orderId} skipped: ${(err as Error).message}`);
          return undefined;
        });
        if (landed) customers.add(landed.customerId);
      }
      pageToken = res.page?.nextPageToken ?? '';
      if (!pageToken) break;
      if (page % 10 === 9) this.log.log(`backfill ${tenantId}: ${ordersRead} orders read so far`);
    }
    const purchasesAdded = (await this.count(tenantId)) - before;
    this.log.log(`backfill ${tenantId}: ${ordersRead} orders read, ${purchasesAdded} purchases added`);
    return { ordersRead, purchasesAdded, customers };
  }

  private async count(tenantId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM purchases WHERE tenant_id = $1`, [tenantId]);
    return n;
  }
}
