import { createHmac } from 'node:crypto';
import { CheckoutV1, toTimestamp } from '@concierge/contracts';
import type { OrderEntity, QuoteEntity } from '../persistence/order.entity';
import { statusProto } from './order-status';

const money = (amountMinor: string, currency: string) => ({ amountMinor, currency });

const FULFILMENT = {
  delivery: CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_DELIVERY,
  pickup: CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_PICKUP,
  try_on: CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_TRY_ON,
} as const;

const PAYMENT: Record<string, CheckoutV1.PaymentStatus> = {
  pending: CheckoutV1.PaymentStatus.PAYMENT_STATUS_PENDING,
  requires_action: CheckoutV1.PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION,
  succeeded: CheckoutV1.PaymentStatus.PAYMENT_STATUS_SUCCEEDED,
  failed: CheckoutV1.PaymentStatus.PAYMENT_STATUS_FAILED,
  refunded: CheckoutV1.PaymentStatus.PAYMENT_STATUS_REFUNDED,
  not_required: CheckoutV1.PaymentStatus.PAYMENT_STATUS_NOT_REQUIRED,
};

export const payLinkToken = (orderId: string, key: string) => createHmac('sha256', key).update(`pay:${orderId}`).digest('base64url').slice(0, 32);

export function toQuoteProto(q: QuoteEntity): CheckoutV1.Quote {
  const b = q.body;
  return {
    quoteId: q.id,
    customerId: b.customerId,
    conversationId: b.conversationId,
    lines: b.lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity, unitPrice: money(l.unitPriceMinor, b.currency) })),
    subtotal: money(b.subtotalMinor, b.currency),
    discount: money(b.discountMinor, b.currency),
    delivery: money(b.deliveryMinor, b.currency),
    tax: money(b.taxMinor, b.currency),
    total: money(b.totalMinor, b.currency),
    pointsRedeemed: b.pointsRedeemed,
    pointsToEarn: b.pointsToEarn,
    expiresAt: toTimestamp(q.expiresAt),
    signature: q.signature,
    fulfilment: FULFILMENT[b.fulfilment],
    slotId: b.slotId,
    deliveryAddress: b.address ?? undefined,
    couponCodes: b.coupons.map((c) => c.code),
  };
}

export function toOrderProto(o: OrderEntity, links: { publicBaseUrl: string; signingKey: string }): CheckoutV1.Order {
  const c = o.currency;
  const payable = o.status === 'placed' && o.paymentStatus !== 'not_required';
  return {
    orderId: o.id,
    tenantId: o.tenantId,
    customerId: o.customerId,
    conversationId: o.conversationId,
    quoteId: o.quoteId,
    lines: o.lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity, unitPrice: money(l.unitPriceMinor, c) })),
    subtotal: money(o.subtotalMinor, c),
    discount: money(o.discountMinor, c),
    delivery: money(o.deliveryMinor, c),
    tax: money(o.taxMinor, c),
    total: money(o.totalMinor, c),
    pointsRedeemed: o.pointsRedeemed,
    pointsEarned: o.pointsEarned,
    status: statusProto(o.status),
    placedAt: toTimestamp(o.placedAt),
    updatedAt: toTimestamp(o.updatedAt),
    fulfilment: FULFILMENT[o.fulfilment as keyof typeof FULFILMENT] ?? CheckoutV1.FulfilmentMethod.FULFILMENT_METHOD_UNSPECIFIED,
    slotId: o.slotId,
    deliveryAddress: o.address ?? undefined,
    couponCodes: o.couponCodes,
    reservedUntil: o.reservedUntil ? toTimestamp(o.reservedUntil) : undefined,
    followUpDueAt: o.followUpDueAt ? toTimestamp(o.followUpDueAt) : undefined,
    payment: {
      provider: o.paymentProvider,
      providerPaymentId: o.paymentId,
      status: PAYMENT[o.paymentStatus] ?? CheckoutV1.PaymentStatus.PAYMENT_STATUS_UNSPECIFIED,
      clientSecret: payable ? o.paymentClientSecret : '',
      paymentUrl: payable && o.paymentId ? `${links.publicBaseUrl.replace(/\/$/, '')}/v1/pay/${o.id}?t=${payLinkToken(o.id, links.signingKey)}` : '',
      failureReason: o.paymentFailure,
      attempts: o.paymentAttempts,
    },
  };
}
