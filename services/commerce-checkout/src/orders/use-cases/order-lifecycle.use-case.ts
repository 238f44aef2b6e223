import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CheckoutV1, Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { CommerceCheckoutEnv } from '../../config/commerce-checkout.env';
import { DeliverySlotRepository } from '../../delivery/persistence/delivery-slot.repository';
import { LoyaltyLedger } from '../../loyalty/persistence/loyalty.ledger';
import { PAYMENT_PROVIDER, PaymentProvider } from '../../payments/domain/payment-provider';
import { PromotionRepository } from '../../promotions/persistence/promotion.repository';
import { CheckoutErrorCode, CheckoutException, isUuid, requireTenantId } from '../../shared/checkout.exception';
import { toOrderProto } from '../domain/order.mapper';
import { OrderStatusName, statusProto, TRANSITIONS } from '../domain/order-status';
import { OrderEntity } from '../persistence/order.entity';

/** Status changes with their side effects (stock, slot, points, coupons, refunds), each with its event in the same transaction. */
@Injectable()
export class OrderLifecycleUseCase {
  private readonly logger = new Logger('OrderLifecycle');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ledger: LoyaltyLedger,
    private readonly slots: DeliverySlotRepository,
    private readonly promotions: PromotionRepository,
    @Inject(PAYMENT_PROVIDER) private readonly payments: PaymentProvider,
    @Inject(SERVICE_CONFIG) private readonly config: CommerceCheckoutEnv,
  ) {}

  get links() {
    return { publicBaseUrl: this.config.PUBLIC_BASE_URL, signingKey: this.config.QUOTE_SIGNING_KEY };
  }

  proto(o: OrderEntity): CheckoutV1.Order {
    return toOrderProto(o, this.links);
  }

  async find(tenantId: string | undefined, orderId: string | undefined): Promise<OrderEntity> {
    const tenant = requireTenantId(tenantId);
    if (!isUuid(orderId)) throw new CheckoutException(CheckoutErrorCode.OrderIdInvalid, 'order_id must be a UUID');
    const order = await this.dataSource.getRepository(OrderEntity).findOne({ where: { tenantId: tenant, id: orderId!.toLowerCase() } });
    if (!order) throw new CheckoutException(CheckoutErrorCode.OrderNotFound, `order ${orderId} not found`);
    return order;
  }

  private async lock(m: EntityManager, orderId: string): Promise<OrderEntity> {
    const order = await m.getRepository(OrderEntity).findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw new CheckoutException(CheckoutErrorCode.OrderNotFound, `order ${orderId} not found`);
    return order;
  }

  async publishStatus(m: EntityManager, order: OrderEntity, previous: string): Promise<void> {
    await this.outbox.add(m, {
      event: Events.orderStatusChanged,
      key: order.id,
      tenantId: order.tenantId,
      eventId: undefined,
      payload: {
        tenantId: order.tenantId,
        orderId: order.id,
        customerId: order.customerId,
        previousStatus: statusProto(previous),
        status: statusProto(order.status),
        changedAt: toTimestamp(order.updatedAt),
        followUpDueAt: order.followUpDueAt ? toTimestamp(order.followUpDueAt) : undefined,
        order: this.proto(order),
      },
    });
  }

  /** Moves an order to a new status (operator or carrier), applying the move's effects. */
  async transition(tenantId: string | undefined, orderId: string | undefined, to: OrderStatusName, reason = ''): Promise<OrderEntity> {
    const found = await this.find(tenantId, orderId);
    let refund = false;
    const order = await this.dataSource.transaction(async (m) => {
      const o = await this.lock(m, found.id);
      if (o.status === to) return o;
      let target = to;
      // Cancelling a paid order gives the money back: it ends refunded.
      if (to === 'cancelled' && o.status === 'paid') target = 'refunded';
      if (!TRANSITIONS[o.status as OrderStatusName]?.includes(target))
        throw new CheckoutException(CheckoutErrorCode.StatusTransitionInvalid, `an order that is ${o.status} cannot become ${to}`);
      if (target === 'paid' && o.paymentStatus !== 'not_required' && o.paymentStatus !== 'succeeded')
        throw new CheckoutException(CheckoutErrorCode.StatusTransitionInvalid, 'an order becomes paid when its payment succeeds');
      const previous = o.status;
      await this.applyEffects(m, o, target);
      if (target === 'refunded' && o.paymentStatus === 'succeeded') refund = true;
      o.status = target;
      o.updatedAt = new Date();
      if (reason) this.logger.log(`order ${o.id}: ${previous} -> ${target} (${reason})`);
      await m.save(o);
      await this.publishStatus(m, o, previous);
      return o;
    });
    if (refund) await this.refund(order);
    return order;
  }

  private async applyEffects(m: EntityManager, o: OrderEntity, target: OrderStatusName): Promise<void> {
    const undo = target === 'cancelled' || (target === 'refunded' && ['paid', 'placed'].includes(o.status));
    if (undo) {
      for (const l of o.lines) await m.query(`UPDATE products SET stock = stock + $2 WHERE id = $1`, [l.productId, l.quantity]);
      if (o.slotId) await this.slots.release(m, o.tenantId, o.slotId);
      await this.promotions.release(m, o.id);
    }
    if (target === 'cancelled' || target === 'refunded') {
      await this.ledger.credit(m, o.tenantId, o.customerId, 'refund_return', BigInt(o.pointsRedeemed), o.id, this.config.LOYALTY_POINTS_TTL_DAYS);
      const taken = await this.ledger.debit(m, o.tenantId, o.customerId, 'reverse', BigInt(o.pointsEarned), o.id);
      o.pointsEarned = (BigInt(o.pointsEarned) - taken).toString();
    }
    if (target === 'delivered') {
      o.deliveredAt = new Date();
      o.followUpDueAt = new Date(o.deliveredAt.getTime() + this.config.FOLLOW_UP_AFTER_DAYS * 86_400_000);
    }
  }

  async retryRefund(orderId: string): Promise<void> {
    const order = await this.dataSource.getRepository(OrderEntity).findOne({ where: { id: orderId } });
    if (order && order.paymentStatus === 'succeeded' && ['refunded', 'cancelled'].includes(order.status)) await this.refund(order);
  }

  private async refund(order: OrderEntity): Promise<void> {
    try {
      await this.payments.refund(order.id, order.paymentId);
      await this.dataSource.query(`UPDATE orders SET payment_status = 'refunded' WHERE id = $1`, [order.id]);
      order.paymentStatus = 'refunded';
    } catch (err) {
      this.logger.error(`refund of order ${order.id} failed, the sweeper retries: ${(err as Error).message}`);
    }
  }

  /** The provider says the money arrived: placed → paid once, points earned once. A late payment of a cancelled order is refunded. */
  async markPaid(orderId: string, paymentId: string): Promise<OrderEntity | null> {
    if (!isUuid(orderId)) return null;
    let refundLate = false;
    const order = await this.dataSource.transaction(async (m) => {
      const o = await m.getRepository(OrderEntity).findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      if (!o) return null;
      if (o.paymentId && paymentId && o.paymentId !== paymentId) {
        this.logger.warn(`payment ${paymentId} is not the one of order ${orderId} (${o.paymentId}); ignored`);
        return o;
      }
      if (o.status === 'cancelled') {
        refundLate = o.paymentStatus !== 'refunded';
        o.paymentStatus = 'succeeded';
        await m.save(o);
        return o;
      }
      if (o.status !== 'placed') return o;
      o.paymentStatus = 'succeeded';
      o.paymentFailure = '';
      o.status = 'paid';
      o.updatedAt = new Date();
      const earned = BigInt(o.totalMinor) * BigInt(this.config.LOYALTY_EARN_BPS) / 10_000n;
      if (await this.ledger.credit(m, o.tenantId, o.customerId, 'earn', earned, o.id, this.config.LOYALTY_POINTS_TTL_DAYS)) o.pointsEarned = earned.toString();
      await m.save(o);
      await this.publishStatus(m, o, 'placed');
      return o;
    });
    if (order && refundLate) await this.refund(order);
    return order;
  }

  async markPaymentFailed(orderId: string, paymentId: string, reason: string): Promise<void> {
    if (!isUuid(orderId)) return;
    await this.dataSource.query(
      `UPDATE orders SET payment_status = 'failed', payment_failure = $3, updated_at = now() WHERE id = $1 AND payment_id = $2 AND status = 'placed' AND payment_status <> 'succeeded'`,
      [orderId, paymentId, reason.slice(0, 500)],
    );
  }

  /**
   * Creates the order's payment at the provider, or looks at the one it has. The provider call is
   * keyed by the order, so a retry, a second replica or a restart reach the same payment.
   */
  async ensurePayment(orderId: string): Promise<OrderEntity> {
    const repo = this.dataSource.getRepository(OrderEntity);
    let order = (await repo.findOne({ where: { id: orderId } }))!;
    // Paid entirely with points and coupons: nothing to charge.
    if (order.status === 'placed' && order.paymentStatus === 'not_required' && order.fulfilment !== 'try_on') return (await this.markPaid(order.id, '')) ?? order;
    if (order.status !== 'placed' || order.paymentStatus === 'not_required' || order.paymentStatus === 'succeeded') return order;
    try {
      if (order.paymentId) {
        const current = await this.payments.getPayment(order.paymentId);
        if (current.status === 'succeeded') return (await this.markPaid(order.id, current.id)) ?? order;
        if (order.paymentStatus === 'failed') {
          // A failed card: the same payment takes a new attempt (Stripe keeps one PaymentIntent per order).
          await this.dataSource.query(`UPDATE orders SET payment_status = 'requires_action', payment_attempts = payment_attempts + 1 WHERE id = $1 AND payment_status = 'failed'`, [order.id]);
        }
        return (await repo.findOne({ where: { id: orderId } }))!;
      }
      const created = await this.payments.createPayment({ orderId: order.id, tenantId: order.tenantId, customerId: order.customerId, amountMinor: order.totalMinor, currency: order.currency });
      await this.dataSource.query(
        `UPDATE orders SET payment_provider = $2, payment_id = $3, payment_client_secret = $4, payment_status = CASE WHEN payment_status = 'succeeded' THEN payment_status ELSE 'requires_action' END,
           payment_failure = '', payment_attempts = payment_attempts + 1 WHERE id = $1 AND payment_id = ''`,
        [order.id, this.payments.name, created.id, created.clientSecret],
      );
      order = (await repo.findOne({ where: { id: orderId } }))!;
      if (created.status === 'succeeded') return (await this.markPaid(order.id, created.id)) ?? order;
      return order;
    } catch (err) {
      this.logger.warn(`payment for order ${orderId} failed: ${(err as Error).message}`);
      await this.dataSource.query(
        `UPDATE orders SET payment_failure = $2, payment_attempts = payment_attempts + 1 WHERE id = $1 AND payment_status <> 'succeeded'`,
        [orderId, `payment provider unavailable: ${(err as Error).message}`.slice(0, 500)],
      );
      return (await repo.findOne({ where: { id: orderId } }))!;
    }
  }
}
