import { InsightsV1, toTimestamp } from '@concierge/contracts';
import type { AlertEntity } from '../persistence/alert.entity';

export function toAlertProto(a: AlertEntity): InsightsV1.Alert {
  const customers = a.kind === 'spike' ? `${a.count} messages in ${a.windowMinutes} min (baseline ${a.baseline.toFixed(1)})` : `${a.count} customers in ${a.windowMinutes} min`;
  return {
    alertId: a.alertId,
    tenantId: a.tenantId,
    rule: a.ruleId,
    title: a.title,
    evidence: [customers, ...a.quotes.map((q) => `“${q}”`)],
    suggestedAction: a.suggestedAction,
    count: String(a.count),
    acknowledged: a.acknowledged,
    raisedAt: toTimestamp(a.raisedAt),
    kind: a.kind,
    subject: a.subject,
    windowMinutes: a.windowMinutes,
    lastSeenAt: toTimestamp(a.lastSeenAt),
    baseline: a.baseline,
    webhookStatus: a.webhookStatus,
  };
}
