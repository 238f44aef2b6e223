import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { CartModule } from '../cart/cart.module';
import type { CommerceCheckoutEnv } from '../config/commerce-checkout.env';
import { DeliveryGrpcController } from '../delivery/grpc/delivery.grpc.controller';
import { DeliverySlotRepository } from '../delivery/persistence/delivery-slot.repository';
import { LoyaltyGrpcController } from '../loyalty/grpc/loyalty.grpc.controller';
import { LoyaltyLedger } from '../loyalty/persistence/loyalty.ledger';
import { PAYMENT_PROVIDER } from '../payments/domain/payment-provider';
import { StripePaymentProvider } from '../payments/domain/stripe-payment.provider';
import { TestPaymentProvider } from '../payments/domain/test-payment.provider';
import { PaymentsHttpController } from '../payments/http/payments.http.controller';
import { PromotionsGrpcController } from '../promotions/grpc/promotions.grpc.controller';
import { PromotionRepository } from '../promotions/persistence/promotion.repository';
import { PromotionsUseCase } from '../promotions/use-cases/promotions.use-case';
import { OrdersGrpcController } from './grpc/orders.grpc.controller';
import { CreateQuoteUseCase } from './use-cases/create-quote.use-case';
import { OrderLifecycleUseCase } from './use-cases/order-lifecycle.use-case';
import { PlaceOrderUseCase } from './use-cases/place-order.use-case';
import { SweepExpiredUseCase } from './use-cases/sweep-expired.use-case';

/** Promotions, loyalty, delivery, quotes, orders and payments: they meet in one transaction at PlaceOrder. */
@Module({
  imports: [CartModule],
  controllers: [OrdersGrpcController, PromotionsGrpcController, LoyaltyGrpcController, DeliveryGrpcController, PaymentsHttpController],
  providers: [
    {
      provide: PAYMENT_PROVIDER,
      inject: [SERVICE_CONFIG],
      useFactory: (c: CommerceCheckoutEnv) =>
        c.PAYMENT_PROVIDER === 'stripe' ? new StripePaymentProvider(c.STRIPE_SECRET_KEY, c.STRIPE_API_BASE) : new TestPaymentProvider(c.QUOTE_SIGNING_KEY),
    },
    LoyaltyLedger,
    DeliverySlotRepository,
    PromotionRepository,
    PromotionsUseCase,
    CreateQuoteUseCase,
    PlaceOrderUseCase,
    OrderLifecycleUseCase,
    SweepExpiredUseCase,
  ],
  exports: [LoyaltyLedger, OrderLifecycleUseCase, SweepExpiredUseCase],
})
export class OrdersModule {}
