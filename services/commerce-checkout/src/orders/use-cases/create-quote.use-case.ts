import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckoutV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { CartRepository } from '../../cart/persistence/cart.repository';
import type { CommerceCheckoutEnv } from '../../config/commerce-checkout.env';
import { DeliverySlotRepository } from '../../delivery/persistence/delivery-slot.repository';
import { LoyaltyLedger } from '../../loyalty/persistence/loyalty.ledger';
import { applyStacking, computeTotals, PricedLine, whyNotEligible } from '../../promotions/domain/pricing';
import { PromotionRepository } from '../../promotions/persistence/promotion.repository';
import { normalizeCode } from '../../promotions/use-cases/promotions.use-case';
import { CheckoutErrorCode, CheckoutException } from '../../shared/checkout.exception';
import { CustomerScope } from '../../shared/customer-scope';
import { AddressJson, Fulfilment, QuoteBody, signQuote } from '../domain/quote-body';
import { QuoteEntity } from '../persistence/order.entity';

export function fulfilmentOf(f: CheckoutV1.FulfilmentMethod | undefined): Fulfilment {
  if (f === CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_PICKUP) return 'pickup';
  if (f === CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_TRY_ON) return 'try_on';
  return 'delivery';
}

function address(a: CheckoutV1.Address | undefined, addressId: string): AddressJson | null {
  if (!a) return null;
  const t = (v: string | undefined, max = 200) => (v ?? '').trim().slice(0, max);
  const out = { addressId: t(a.addressId) || t(addressId), recipient: t(a.recipient), line1: t(a.line1, 500), line2: t(a.line2), city: t(a.city), postalCode: t(a.postalCode, 20), country: t(a.country, 2).toUpperCase(), phone: t(a.phone, 40) };
  // line1 alone may hold a whole free-text address, as identity keeps it in the profile attribute address.<label>.
  if (!out.line1) throw new CheckoutException(CheckoutErrorCode.AddressRequired, 'delivery_address needs at least line1 (the address as the customer gave it)');
  return out;
}

/**
 * Prices the cart on the server: live catalog prices and stock, coupons with stacking, points
 * up to the rule, delivery and tax. Holds the slot for the quote's lifetime and signs the result.
 */
@Injectable()
export class CreateQuoteUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: CustomerScope,
    private readonly carts: CartRepository,
    private readonly promotions: PromotionRepository,
    private readonly ledger: LoyaltyLedger,
    private readonly slots: DeliverySlotRepository,
    @Inject(SERVICE_CONFIG) private readonly config: CommerceCheckoutEnv,
  ) {}

  execute(req: CheckoutV1.CreateQuoteRequest): Promise<{ quote: QuoteEntity }> {
    return this.dataSource.transaction(async (m) => {
      const { tenantId, customerId } = await this.scope.resolve(m, req.tenantId, req.customerId);
      const conversationId = (req.conversationId ?? '').trim();
      const cartId = await this.carts.findCart(m, tenantId, customerId, conversationId);
      const rows = cartId ? await this.carts.lines(m, cartId) : [];
      if (!cartId || !rows.length) throw new CheckoutException(CheckoutErrorCode.CartEmpty, 'the cart is empty');
      const currency = rows[0].currency;
      if (rows.some((r) => r.currency !== currency)) throw new CheckoutException(CheckoutErrorCode.CurrencyMismatch, 'the cart mixes currencies');
      for (const r of rows)
        if (r.stock < r.quantity)
          throw new CheckoutException(CheckoutErrorCode.OutOfStock, r.stock === 0 ? `${r.name} is out of stock` : `only ${r.stock} of ${r.name} left`);
      const lines = rows.map((r) => ({
        productId: r.productId, sku: r.sku, name: r.name, quantity: r.quantity, unitPriceMinor: r.priceMinor,
        lineTotalMinor: (BigInt(r.priceMinor) * BigInt(r.quantity)).toString(), tags: r.tags, packSize: r.packSize, typicalDaysOfUse: r.typicalDaysOfUse,
      }));
      const priced: PricedLine[] = lines.map((l) => ({ productId: l.productId, tags: l.tags, lineTotalMinor: BigInt(l.lineTotalMinor) }));
      const subtotal = priced.reduce((s, l) => s + l.lineTotalMinor, 0n);
      const fulfilment = fulfilmentOf(req.fulfilment);

      const codes = [...new Set([req.couponCode, ...(req.couponCodes ?? [])].map((c) => normalizeCode(c ?? '')).filter(Boolean))].slice(0, 5);
      if (fulfilment === 'try_on' && (codes.length || req.pointsToRedeem !== '0' && req.pointsToRedeem))
        throw new CheckoutException(CheckoutErrorCode.CouponNotApplicable, 'a try-on reservation is paid in store: coupons and points apply there');
      const found = await this.promotions.byCodes(m, tenantId, codes, customerId);
      const now = new Date();
      for (const code of codes) {
        const check = found.get(code);
        if (!check) throw new CheckoutException(CheckoutErrorCode.CouponNotFound, `there is no coupon ${code}`);
        const why = whyNotEligible(check, priced, currency, customerId, now);
        if (why) throw new CheckoutException(CheckoutErrorCode.CouponNotApplicable, why);
      }
      const applied = applyStacking(codes.map((c) => found.get(c)!.rule), priced);
      const discount = applied.reduce((s, a) => s + a.discountMinor, 0n);

      const pointsRaw = String(req.pointsToRedeem || '0');
      if (!/^\d{1,15}$/.test(pointsRaw)) throw new CheckoutException(CheckoutErrorCode.PointsInvalid, 'points_to_redeem must be a whole number, 0 or more');
      const points = BigInt(pointsRaw);
      const rules = {
        deliveryFeeMinor: BigInt(this.config.DELIVERY_FEE_MINOR), freeDeliveryFromMinor: BigInt(this.config.FREE_DELIVERY_FROM_MINOR),
        taxRateBps: BigInt(this.config.TAX_RATE_BPS), earnBps: BigInt(this.config.LOYALTY_EARN_BPS), maxRedeemBps: BigInt(this.config.LOYALTY_MAX_REDEEM_BPS),
      };
      const totals = computeTotals(subtotal, discount, points, fulfilment === 'delivery', rules);
      if (points > 0n) {
        const balance = await this.ledger.balance(m, tenantId, customerId);
        if (points > balance) throw new CheckoutException(CheckoutErrorCode.PointsInsufficient, `the customer has ${balance} points`);
        if (points > totals.maxRedeemablePoints)
          throw new CheckoutException(CheckoutErrorCode.PointsOverLimit, `at most ${totals.maxRedeemablePoints} points can be used on this order`);
      }

      let slotId = '';
      let deliveryAddress: AddressJson | null = null;
      if (fulfilment === 'delivery') {
        deliveryAddress = address(req.deliveryAddress, req.addressId);
        if (!deliveryAddress)
          throw new CheckoutException(CheckoutErrorCode.AddressRequired, 'delivery needs delivery_address: pass the address from the customer profile (identity attribute address.<label>), or choose pick-up');
        slotId = (req.slotId ?? '').trim();
      }
      const quoteId = randomUUID();
      const expiresAt = new Date(now.getTime() + this.config.QUOTE_TTL_SECONDS * 1000);
      if (slotId) await this.slots.hold(m, tenantId, slotId, quoteId, expiresAt);

      const body: QuoteBody = {
        quoteId, tenantId, customerId, conversationId, cartId, currency, lines,
        subtotalMinor: totals.subtotal.toString(), discountMinor: totals.discount.toString(), pointsRedeemed: totals.points.toString(),
        deliveryMinor: totals.delivery.toString(), taxMinor: totals.tax.toString(), totalMinor: totals.total.toString(),
        pointsToEarn: fulfilment === 'try_on' ? '0' : totals.pointsToEarn.toString(),
        coupons: applied.map((a) => ({ promotionId: a.rule.id, code: a.rule.code, discountMinor: a.discountMinor.toString() })),
        fulfilment, slotId, storeId: fulfilment === 'delivery' ? '' : (req.storeId ?? '').trim() || 'main', address: deliveryAddress, expiresAt: expiresAt.toISOString(),
      };
      const quote = m.getRepository(QuoteEntity).create({ id: quoteId, tenantId, customerId, body, signature: signQuote(body, this.config.QUOTE_SIGNING_KEY), expiresAt, orderId: null });
      await m.getRepository(QuoteEntity).insert(quote);
      return { quote };
    });
  }
}
