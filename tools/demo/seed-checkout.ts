import { CheckoutV1, ServiceProtos } from '@concierge/contracts';
import { DEMO_PRODUCTS, DEMO_PROMOTIONS, demoDeliverySlots } from './checkout.demo-data';
import { SeedContext, seedClient } from './seed-context';

/** The demo coffee shop: catalog with pack sizes and consumption, coupons (WELCOME10...), delivery slots, a compensation cap. */
export async function seedCheckout(ctx: SeedContext): Promise<void> {
  const checkout = seedClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, ctx.addresses.checkout, ctx);
  try {
    const { created, updated } = await checkout.upsertProducts({ tenantId: ctx.tenantId, products: DEMO_PRODUCTS });
    for (const promotion of DEMO_PROMOTIONS) await checkout.upsertPromotion({ tenantId: ctx.tenantId, promotion });
    const slots = demoDeliverySlots();
    await checkout.upsertDeliverySlots({ tenantId: ctx.tenantId, slots });
    await checkout.setCompensationPolicy({ tenantId: ctx.tenantId, maxCouponMinor: '1000', budgetPer30DaysMinor: '20000', currency: 'EUR' });
    ctx.log(`checkout: ${created} products created, ${updated} updated; coupons ${DEMO_PROMOTIONS.map((p) => p.code).join(', ')}; ${slots.length} delivery slots`);
  } finally {
    checkout.close();
  }
}
