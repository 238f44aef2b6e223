import { createHmac } from 'node:crypto';
import { PaymentProvider, PaymentRequest, ProviderPayment } from './payment-provider';

/**
 * The built-in provider for demos: no money moves. A payment waits until the customer presses
 * "Pay" on the payment page (POST /v1/pay/:orderId), which marks the order paid.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';

  constructor(private readonly key: string) {}

  private view(id: string): ProviderPayment {
    return { id, status: 'requires_action', clientSecret: `${id}_secret_${createHmac('sha256', this.key).update(id).digest('hex').slice(0, 24)}`, failureReason: '' };
  }

  async createPayment(req: PaymentRequest): Promise<ProviderPayment> {
    return this.view(`testpay_${req.orderId.replace(/-/g, '')}`);
  }

  async getPayment(id: string): Promise<ProviderPayment> {
    return this.view(id);
  }

  async refund(): Promise<void> {}
}
