import { Body, Controller, Get, Headers, HttpCode, Inject, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { RequestWithRawBody, SERVICE_CONFIG } from '@concierge/service-kit';
import type { CommerceCheckoutEnv } from '../../config/commerce-checkout.env';
import { payLinkToken } from '../../orders/domain/order.mapper';
import { OrderEntity } from '../../orders/persistence/order.entity';
import { OrderLifecycleUseCase } from '../../orders/use-cases/order-lifecycle.use-case';
import { StripePaymentProvider } from '../domain/stripe-payment.provider';
import { DataSource } from 'typeorm';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Stripe webhooks and the payment page behind payment links. */
@Controller('v1')
export class PaymentsHttpController {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly lifecycle: OrderLifecycleUseCase,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CommerceCheckoutEnv,
  ) {}

  @Post('payments/stripe/webhook')
  @HttpCode(200)
  async stripeWebhook(@Req() req: RequestWithRawBody, @Headers('stripe-signature') signature: string | undefined, @Res() res: Response) {
    if (!this.config.STRIPE_WEBHOOK_SECRET) return res.status(404).json({ error: { code: 'STRIPE_DISABLED', message: 'Stripe is not configured' } });
    let event;
    try {
      event = StripePaymentProvider.verifyWebhook(req.rawBody ?? Buffer.alloc(0), signature ?? '', this.config.STRIPE_WEBHOOK_SECRET);
    } catch (err) {
      return res.status(400).json({ error: { code: 'SIGNATURE_INVALID', message: (err as Error).message } });
    }
    const object = event.data.object as { id?: string; metadata?: Record<string, string>; last_payment_error?: { message?: string } };
    const orderId = object.metadata?.order_id ?? '';
    if (event.type === 'payment_intent.succeeded') await this.lifecycle.markPaid(orderId, object.id ?? '');
    else if (event.type === 'payment_intent.payment_failed')
      await this.lifecycle.markPaymentFailed(orderId, object.id ?? '', object.last_payment_error?.message ?? 'payment failed');
    else this.logger.debug(`ignored Stripe event ${event.type}`);
    return res.json({ received: true });
  }

  private async payable(orderId: string, token: string): Promise<OrderEntity | null> {
    if (!/^[0-9a-f-]{36}$/i.test(orderId)) return null;
    const expected = Buffer.from(payLinkToken(orderId.toLowerCase(), this.config.QUOTE_SIGNING_KEY));
    const given = Buffer.from(token ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return this.dataSource.getRepository(OrderEntity).findOne({ where: { id: orderId.toLowerCase() } });
  }

  @Get('pay/:orderId')
  async payPage(@Param('orderId') orderId: string, @Query('t') token: string, @Res() res: Response) {
    const order = await this.payable(orderId, token);
    if (!order) return res.status(404).type('html').send('<p>This payment link is not valid.</p>');
    const amount = `${(Number(order.totalMinor) / 100).toFixed(2)} ${escape(order.currency)}`;
    if (order.status !== 'placed') return res.type('html').send(`<p>Order ${escape(order.id)} is ${escape(order.status)}. Thank you!</p>`);
    const stripe = order.paymentProvider === 'stripe';
    const form = stripe
      ? `<div id="pe"></div><button id="pay">Pay ${amount}</button><script src="https://js.stripe.com/v3/"></script><script>
const s=Stripe(${JSON.stringify(this.config.STRIPE_PUBLISHABLE_KEY)});const e=s.elements({clientSecret:${JSON.stringify(order.paymentClientSecret)}});
e.create('payment').mount('#pe');document.getElementById('pay').onclick=()=>s.confirmPayment({elements:e,confirmParams:{return_url:location.href}});</script>`
      : `<form method="post"><button type="submit">Pay ${amount} (test payment, no money moves)</button></form>`;
    return res.type('html').send(`<!doctype html><meta charset="utf-8"><title>Pay order</title><h1>Order ${escape(order.id.slice(0, 8))}</h1><p>Total ${amount}</p>${form}`);
  }

  /** The built-in test provider's "card": pressing Pay marks the order paid. */
  @Post('pay/:orderId')
  async payWithTestProvider(@Param('orderId') orderId: string, @Query('t') token: string, @Body() _body: unknown, @Res() res: Response) {
    const order = await this.payable(orderId, token);
    if (!order) return res.status(404).json({ error: { code: 'PAYMENT_LINK_INVALID', message: 'this payment link is not valid' } });
    if (order.paymentProvider !== 'test') return res.status(409).json({ error: { code: 'PROVIDER_MISMATCH', message: 'this order is paid through Stripe' } });
    const paid = await this.lifecycle.markPaid(order.id, order.paymentId);
    return res.json({ orderId: order.id, status: paid?.status });
  }
}
