import Stripe from 'stripe';
import { PaymentProvider, PaymentRequest, ProviderPayment, ProviderPaymentStatus, paymentIdempotencyKey, refundIdempotencyKey } from './payment-provider';

function status(pi: Stripe.PaymentIntent): ProviderPaymentStatus {
  switch (pi.status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
      return 'processing';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      return pi.last_payment_error ? 'failed' : 'requires_action';
    default:
      return 'requires_action';
  }
}

const view = (pi: Stripe.PaymentIntent): ProviderPayment => ({
  id: pi.id,
  status: status(pi),
  clientSecret: pi.client_secret ?? '',
  failureReason: pi.last_payment_error?.message ?? '',
});

/** PaymentIntents through the official `stripe` client; the API base is configurable (a local Stripe-compatible server in tests). */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(secretKey: string, apiBase: string) {
    const url = new URL(apiBase);
    this.stripe = new Stripe(secretKey, {
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
      protocol: url.protocol === 'https:' ? 'https' : 'http',
      maxNetworkRetries: 2,
      timeout: 10_000,
    });
  }

  async createPayment(req: PaymentRequest): Promise<ProviderPayment> {
    const pi = await this.stripe.paymentIntents.create(
      {
        amount: Number(req.amountMinor),
        currency: req.currency.toLowerCase(),
        metadata: { order_id: req.orderId, tenant_id: req.tenantId, customer_id: req.customerId },
        description: `Order ${req.orderId}`,
      },
      { idempotencyKey: paymentIdempotencyKey(req.orderId) },
    );
    return view(pi);
  }

  async getPayment(id: string): Promise<ProviderPayment> {
    return view(await this.stripe.paymentIntents.retrieve(id));
  }

  async refund(orderId: string, paymentId: string): Promise<void> {
    await this.stripe.refunds.create({ payment_intent: paymentId, metadata: { order_id: orderId } }, { idempotencyKey: refundIdempotencyKey(orderId) });
  }

  /** Verifies Stripe-Signature over the raw body; throws on a bad or stale signature. */
  static verifyWebhook(rawBody: Buffer, signature: string, secret: string): Stripe.Event {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret);
  }
}
