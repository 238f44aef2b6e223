import { z } from 'zod';
import { baseServiceEnv } from '@concierge/config';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const commerceCheckoutEnv = baseServiceEnv({ httpPort: 8084, grpcPort: 50055 }).extend({
  // HMAC-SHA256 key that signs quotes; rotate by restarting with a new key (open quotes then fail as tampered).
  QUOTE_SIGNING_KEY: z.string().min(16, 'at least 16 characters').default('concierge-dev-quote-signing-key'),
  QUOTE_TTL_SECONDS: int(900, 10),
  // Tax added on top of the net amount, in basis points (2000 = 20 %).
  TAX_RATE_BPS: int(0),
  DELIVERY_FEE_MINOR: int(490),
  FREE_DELIVERY_FROM_MINOR: int(5000),
  // Points earned per paid order, in basis points of the amount paid (1 point = 1 minor unit).
  LOYALTY_EARN_BPS: int(500),
  // At most this share of the discounted subtotal may be paid with points.
  LOYALTY_MAX_REDEEM_BPS: int(3000),
  LOYALTY_POINTS_TTL_DAYS: int(365, 1),
  COMPENSATION_MAX_COUPON_MINOR: int(1000),
  COMPENSATION_BUDGET_MINOR: int(20000),
  TRY_ON_HOLD_HOURS: int(48, 1),
  // Days after delivery when the post-purchase check-in is due (fractions allowed for demos and tests).
  FOLLOW_UP_AFTER_DAYS: z.coerce.number().min(0).default(3),
  IDEMPOTENCY_KEY_TTL_HOURS: int(48, 24),
  SWEEP_INTERVAL_MS: int(30_000, 100),
  PAYMENT_PROVIDER: z.enum(['test', 'stripe']).default('test'),
  STRIPE_SECRET_KEY: z.string().default(''),
  STRIPE_WEBHOOK_SECRET: z.string().default(''),
  STRIPE_PUBLISHABLE_KEY: z.string().default(''),
  // Base URL of the Stripe API, e.g. http://127.0.0.1:12111 for a local Stripe-compatible server.
  STRIPE_API_BASE: z.string().url().default('https://api.stripe.com'),
  // Where customers reach this service's HTTP port (payment links).
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:8084'),
}).refine((e) => e.PAYMENT_PROVIDER !== 'stripe' || (e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET), {
  message: 'PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET',
  path: ['STRIPE_SECRET_KEY'],
});

export type CommerceCheckoutEnv = z.infer<typeof commerceCheckoutEnv>;
