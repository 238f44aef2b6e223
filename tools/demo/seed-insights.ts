import { InsightsV1, ServiceProtos } from '@concierge/contracts';
import { SeedContext, seedClient } from './seed-context';

/** The demo shop's alert rules: the defaults plus a faster one for the promo-code field (safe to run again: same rule ids). */
export async function seedInsights(ctx: SeedContext): Promise<void> {
  const insights = seedClient<InsightsV1.InsightsServiceClient>(ServiceProtos.insights, ctx.addresses.insights, ctx);
  try {
    const rules: InsightsV1.AlertRule[] = [
      { ruleId: 'demo-promo-code', tenantId: ctx.tenantId, kind: 'threshold', match: 'ui_friction:promo_code', threshold: 3, windowMinutes: 30, spikeFactor: 0, enabled: true },
      { ruleId: 'demo-delivery-spike', tenantId: ctx.tenantId, kind: 'spike', match: 'delivery', threshold: 5, windowMinutes: 60, spikeFactor: 2.5, enabled: true },
    ];
    for (const rule of rules) await insights.putAlertRule({ rule });
    ctx.log(`insights: ${rules.length} alert rules for ${ctx.tenantId} (console: http://localhost:8085/console/, login from INSIGHTS_CONSOLE_USERS)`);
  } finally {
    insights.close();
  }
}
