export type ProviderPaymentStatus = 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface ProviderPayment {
  id: string;
  status: ProviderPaymentStatus;
  clientSecret: string;
  failureReason: string;
}

export interface PaymentRequest {
  orderId: string;
  tenantId: string;
  customerId: string;
  amountMinor: string;
  currency: string;
}

/**
 * A payment service. Every call is idempotent per order: a retry after a timeout or a crash
 * reaches the same payment, never a second one.
 */
export interface PaymentProvider {
  readonly name: string;
  createPayment(req: PaymentRequest): Promise<ProviderPayment>;
  getPayment(id: string): Promise<ProviderPayment>;
  refund(orderId: string, paymentId: string): Promise<void>;
}

export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

/** The Idempotency-Key of the order's one payment: derived from the order, so retries cannot double-charge. */
export const paymentIdempotencyKey = (orderId: string) => `concierge-order-${orderId}-payment`;
export const refundIdempotencyKey = (orderId: string) => `concierge-order-${orderId}-refund`;
