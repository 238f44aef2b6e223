import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CheckoutV1, Events } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { isUniqueViolation } from '@concierge/persistence';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { CartRepository } from '../../cart/persistence/cart.repository';
import type { CommerceCheckoutEnv } from '../../config/commerce-checkout.env';
import { DeliverySlotRepository } from '../../delivery/persistence/delivery-slot.repository';
import { LoyaltyLedger } from '../../loyalty/persistence/loyalty.ledger';
import { whyNotEligible } from '../../promotions/domain/pricing';
import { PromotionRepository } from '../../promotions/persistence/promotion.repository';
import { CheckoutErrorCode, CheckoutException, isUuid } from '../../shared/checkout.exception';
import { CustomerScope } from '../../shared/customer-scope';
import { signatureMatches } from '../domain/quote-body';
import { IdempotencyKeyEntity, OrderEntity, QuoteEntity } from '../persistence/order.entity';
import { OrderLifecycleUseCase } from './order-lifecycle.use-case';

const KEY = /^[\w:.-]{8,200}$/;

/**
 * Turns a confirmed quote into exactly one order: idempotency key, stock, slot, coupons, points,
 * the order and its order-placed event in one transaction; then starts the payment.
 */
@Injectable()
export class PlaceOrderUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: CustomerScope,
    private readonly carts: CartRepository,
    private readonly promotions: PromotionRepository,
    private readonly ledger: LoyaltyLedger,
    private readonly slots: DeliverySlotRepository,
    private readonly outbox: Outbox,
    private readonly lifecycle: OrderLifecycleUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: CommerceCheckoutEnv,
  ) {}

  async execute(req: CheckoutV1.PlaceOrderRequest): Promise<CheckoutV1.Order> {
    const key = (req.idempotencyKey ?? '').trim();
    if (!KEY.test(key)) throw new CheckoutException(CheckoutErrorCode.IdempotencyKeyRequired, 'idempotency_key is required: 8-200 letters, digits, ":", ".", "_" or "-"');
    if (!(req.confirmationRef ?? '').trim())
      throw new CheckoutException(CheckoutErrorCode.ConfirmationRequired, 'the customer must confirm the quote: confirmation_ref is required');
    if (!isUuid(req.quoteId)) throw new CheckoutException(CheckoutErrorCode.QuoteNotFound, 'quote_id must be a UUID');
    const quoteId = req.quoteId.toLowerCase();
    const requestHash = createHash('sha256').update(`${req.customerId?.toLowerCase()}|${quoteId}`).digest('hex');

    let orderId: string;
    for (let attempt = 0; ; attempt++) {
      try {
        orderId = await this.dataSource.transaction((m) => this.place(m, req, key, quoteId, requestHash));
        break;
      } catch (err) {
        // Two retries of one key raced: the loser now finds the winner's order.
        if (attempt < 2 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
    return this.lifecycle.proto(await this.lifecycle.ensurePayment(orderId));
  }

  private async place(m: EntityManager, req: CheckoutV1.PlaceOrderRequest, key: string, quoteId: string, requestHash: string): Promise<string> {
    const { tenantId, customerId } = await this.scope.resolve(m, req.tenantId, req.customerId);
    // The quote's row lock first: concurrent retries of one confirmation queue here, then see the winner's key.
    const quote = await m.getRepository(QuoteEntity).findOne({ where: { id: quoteId, tenantId }, lock: { mode: 'pessimistic_write' } });
    const [prior] = await m.getRepository(IdempotencyKeyEntity).find({ where: { tenantId, key } });
    if (prior) {
      if (prior.requestHash !== requestHash)
        throw new CheckoutException(CheckoutErrorCode.IdempotencyKeyReused, `idempotency_key ${key} was already used for a different request (order ${prior.orderId})`);
      return prior.orderId;
    }
    if (!quote || quote.customerId !== customerId) throw new CheckoutException(CheckoutErrorCode.QuoteNotFound, `quote ${quoteId} not found for this customer`);
    if (!signatureMatches(quote.body, quote.signature, this.config.QUOTE_SIGNING_KEY) || quote.body.quoteId !== quote.id)
      throw new CheckoutException(CheckoutErrorCode.QuoteTampered, 'the quote does not match its signature');
    if (req.quoteSignature && req.quoteSignature !== quote.signature)
      throw new CheckoutException(CheckoutErrorCode.QuoteTampered, 'quote_signature does not match the quote');
    if (quote.orderId) throw new CheckoutException(CheckoutErrorCode.QuoteAlreadyOrdered, `quote ${quoteId} was already ordered as ${quote.orderId} (with another idempotency key)`);
    if (quote.expiresAt <= new Date()) throw new CheckoutException(CheckoutErrorCode.QuoteExpired, 'the quote has expired: ask for a new quote and confirm it');

    const b = quote.body;
    const orderId = randomUUID();
    await m.insert(IdempotencyKeyEntity, { tenantId, key, requestHash, orderId });
    if (b.coupons.length) {
      const checks = await this.promotions.byCodes(m, tenantId, b.coupons.map((c) => c.code), customerId, true);
      const priced = b.lines.map((l) => ({ productId: l.productId, tags: l.tags, lineTotalMinor: BigInt(l.lineTotalMinor) }));
      for (const c of b.coupons) {
        const check = checks.get(c.code);
        const why = check ? whyNotEligible(check, priced, b.currency, customerId, new Date()) : `coupon ${c.code} no longer exists`;
        if (why) throw new CheckoutException(CheckoutErrorCode.CouponNotApplicable, `${why}: ask for a new quote`);
        await this.promotions.redeem(m, tenantId, c.promotionId, customerId, orderId, c.discountMinor);
      }
    }
    await this.ledger.debit(m, tenantId, customerId, 'redeem', BigInt(b.pointsRedeemed), orderId);
    const tryOn = b.fulfilment === 'try_on';
    const now = new Date();
    const order = m.getRepository(OrderEntity).create({
      id: orderId, tenantId, customerId, conversationId: b.conversationId, quoteId: quote.id, status: 'placed', lines: b.lines, currency: b.currency,
      subtotalMinor: b.subtotalMinor, discountMinor: b.discountMinor, deliveryMinor: b.deliveryMinor, taxMinor: b.taxMinor, totalMinor: b.totalMinor,
      pointsRedeemed: b.pointsRedeemed, pointsEarned: '0', couponCodes: b.coupons.map((c) => c.code), fulfilment: b.fulfilment, slotId: b.slotId, address: b.address,
      reservedUntil: tryOn ? new Date(now.getTime() + this.config.TRY_ON_HOLD_HOURS * 3_600_000) : null,
      paymentStatus: tryOn || b.totalMinor === '0' ? 'not_required' : 'pending', placedAt: now, updatedAt: now,
    });
    await m.insert(OrderEntity, order);
    await m.update(QuoteEntity, { id: quote.id }, { orderId });
    await this.carts.removeItems(m, b.cartId, b.lines.map((l) => l.productId));
    await this.outbox.add(m, { event: Events.orderPlaced, key: customerId, tenantId, eventId: orderId, payload: { order: this.lifecycle.proto(order) } });
    // Hot rows last and in one order (products by id, then the slot): their locks are held only until the commit that follows, and never deadlock.
    for (const l of [...b.lines].sort((x, y) => x.productId.localeCompare(y.productId))) {
      // TypeORM returns [rows, affected] for an UPDATE ... RETURNING.
      const [[row]]: [{ price_minor: string }[], number] = await m.query(
        `UPDATE products SET stock = stock - $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND stock >= $3 RETURNING price_minor`,
        [tenantId, l.productId, l.quantity],
      );
      if (!row) throw new CheckoutException(CheckoutErrorCode.OutOfStock, `${l.name} sold out since the quote`);
      if (row.price_minor !== l.unitPriceMinor)
        throw new CheckoutException(CheckoutErrorCode.PriceChanged, `the price of ${l.name} changed since the quote: ask for a new quote`);
    }
    if (b.slotId) await this.slots.take(m, tenantId, b.slotId, quote.id);
    return orderId;
  }
}
