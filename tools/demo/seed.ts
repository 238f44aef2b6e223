import { seedCheckout } from './seed-checkout';
import { DEMO_TENANT, SeedContext } from './seed-context';
import { seedDialogue } from './seed-dialogue';
import { seedIdentity } from './seed-identity';
import { seedIngress } from './seed-ingress';
import { seedInsights } from './seed-insights';
import { seedPrediction } from './seed-prediction';

export { DEMO_TENANT } from './seed-context';
export type { SeedContext } from './seed-context';

export type DemoSeedOptions = Omit<SeedContext, 'tenantId' | 'log'> & { log?: (line: string) => void };

/** Seeds the demo tenant, one step per owning service (each in its own file). Safe to run again. */
export async function seedDemoTenant(o: DemoSeedOptions): Promise<void> {
  const ctx: SeedContext = { ...o, tenantId: DEMO_TENANT, log: o.log ?? (() => undefined) };
  await seedIngress(ctx);
  await seedIdentity(ctx);
  await seedCheckout(ctx);
  await seedDialogue(ctx);
  await seedPrediction(ctx);
  await seedInsights(ctx);
}
