import { eventTenant, eventTime, eventUuid } from '@concierge/kafka';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CheckoutV1 } from '@concierge/contracts';
import { CustomerDirectory } from '@concierge/persistence';
import { purchasedProducts, requireOrderId } from '../../domain/order-lines';
import { PurchaseErrorCode, PurchaseException } from '../../domain/purchase.exception';
import { PurchaseRepository } from '../../persistence/purchase.repository';

export interface RecordOrderCommand {
  event: CheckoutV1.OrderPlaced;
  headerTenantId: string;
  ceTime: string;
}

/** Adds a placed order's lines to the customer's purchase history, once per (order, product); returns the customer it landed on. */
@Injectable()
export class RecordOrderUseCase {
  constructor(
    private readonly directory: CustomerDirectory,
    private readonly purchases: PurchaseRepository,
  ) {}

  async execute(m: EntityManager, { event, headerTenantId, ceTime }: RecordOrderCommand): Promise<{ tenantId: string; customerId: string } | undefined> {
    const order = event.order;
    if (!order) throw new PurchaseException(PurchaseErrorCode.OrderInvalid, 'order-placed without an order');
    const tenantId = eventTenant(order.tenantId, headerTenantId);
    const orderId = requireOrderId(order.orderId);
    const products = purchasedProducts(order.lines ?? []);
    const customer = await this.directory.resolve(m, tenantId, eventUuid(order.customerId, 'customer_id'));
    if (customer.erased) return undefined;
    const purchasedAt = eventTime(order.placedAt, ceTime);
    await this.purchases.addOnce(
      m,
      products.map((p) => ({ tenantId, customerId: customer.customerId, orderId, purchasedAt, ...p })),
    );
    return { tenantId, customerId: customer.customerId };
  }
}
