import { PredictionV1, ServiceProtos } from '@concierge/contracts';
import { SeedContext, seedClient } from './seed-context';

/**
 * Prediction's demo step: imports the orders checkout already holds (a restart or a fresh prediction database
 * then starts with history) and fits the tenant's customer model when there is enough data.
 */
export async function seedPrediction(ctx: SeedContext): Promise<void> {
  const prediction = seedClient<PredictionV1.PredictionServiceClient>(ServiceProtos.prediction, ctx.addresses.prediction, ctx);
  try {
    const { ordersRead, purchasesAdded } = await prediction.backfillPurchases({ tenantId: ctx.tenantId, customerId: '' });
    let model = 'BG/NBD not fitted yet (needs 5 customers and a repeat purchase)';
    try {
      const fit = await prediction.fitCustomerModel({ tenantId: ctx.tenantId });
      model = `BG/NBD on ${fit.customers} customers: r=${fit.r.toFixed(3)} alpha=${fit.alpha.toFixed(2)} a=${fit.a.toFixed(3)} b=${fit.b.toFixed(3)}`;
    } catch {
      // Not enough data is the normal state of a new demo tenant.
    }
    ctx.log(`prediction: ${ordersRead} orders read from checkout, ${purchasesAdded} purchases added; ${model}`);
  } catch (err) {
    ctx.log(`prediction: backfill skipped (${(err as Error).message})`);
  } finally {
    prediction.close();
  }
}
