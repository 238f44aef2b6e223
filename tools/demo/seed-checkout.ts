import { CheckoutV1, ServiceProtos } from '@concierge/contracts';
import { DEMO_PRODUCTS } from './checkout.demo-data';
import { SeedContext, seedClient } from './seed-context';

/** The demo shop's catalog. */
export async function seedCheckout(ctx: SeedContext): Promise<void> {
  const checkout = seedClient<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout, ctx.addresses.checkout, ctx);
  try {
    await checkout.upsertProducts({ tenantId: ctx.tenantId, products: DEMO_PRODUCTS });
  } finally {
    checkout.close();
  }
}
