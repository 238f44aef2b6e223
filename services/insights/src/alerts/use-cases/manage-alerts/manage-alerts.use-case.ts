import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InsightsV1 } from '@concierge/contracts';
import { MetricsErrorCode, MetricsException, requireTenant } from '../../../metrics/domain/metrics.exception';
import { toAlertProto } from '../../domain/alert.mapper';
import { AlertRule } from '../../domain/alert-rules';
import { AlertsRepository } from '../../persistence/alerts.repository';

/** Acknowledging alerts and editing a tenant's alert rules. */
@Injectable()
export class ManageAlertsUseCase {
  constructor(private readonly alerts: AlertsRepository) {}

  async acknowledge(tenantId: string, alertId: string): Promise<InsightsV1.Alert> {
    const t = requireTenant(tenantId);
    if (!/^[0-9a-f-]{36}$/i.test(alertId)) throw new MetricsException(MetricsErrorCode.AlertNotFound, `no alert ${alertId}`);
    const a = await this.alerts.acknowledge(t, alertId);
    if (!a) throw new MetricsException(MetricsErrorCode.AlertNotFound, `no alert ${alertId}`);
    return toAlertProto(a);
  }

  async rules(tenantId: string): Promise<InsightsV1.AlertRule[]> {
    return this.alerts.rules(requireTenant(tenantId));
  }

  async putRule(rule: InsightsV1.AlertRule | undefined): Promise<InsightsV1.AlertRule> {
    const bad = (msg: string) => new MetricsException(MetricsErrorCode.RuleInvalid, msg);
    if (!rule) throw bad('rule is required');
    const tenantId = requireTenant(rule.tenantId);
    if (rule.kind !== 'threshold' && rule.kind !== 'spike') throw bad('kind must be threshold or spike');
    if (!/^(\*|[a-z_]+(:[\w-]+)?)$/.test(rule.match)) throw bad('match must be "*", a barrier or topic ("ui_friction") or a subject ("ui_friction:promo_code")');
    if (!(rule.threshold >= 1)) throw bad('threshold must be at least 1');
    if (!(rule.windowMinutes >= 1 && rule.windowMinutes <= 7 * 24 * 60)) throw bad('window_minutes must be between 1 and 10080');
    if (rule.kind === 'spike' && !(rule.spikeFactor > 1)) throw bad('spike_factor must be above 1');
    const saved: AlertRule = { ...rule, tenantId, ruleId: rule.ruleId || randomUUID(), kind: rule.kind };
    await this.alerts.saveRule(saved);
    return saved;
  }
}
