import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Events } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { InsightsEnv, tenantMap } from '../../../config/insights.env';
import { AlertRule, describeSubject, isSpike, subjectsMatching, topicsMatching } from '../../domain/alert-rules';
import { toAlertProto } from '../../domain/alert.mapper';
import { AlertEntity } from '../../persistence/alert.entity';
import { AlertsRepository } from '../../persistence/alerts.repository';

export interface FactForAlerts {
  tenantId: string;
  occurredAt: Date;
  subjects: string[];
  topics: string[];
}

/**
 * Runs the tenant's rules on a new fact, inside the fact's transaction: a problem crossing its
 * threshold (or spiking over its baseline) raises one alert and one alert-raised event; while
 * that alert stands, later mentions only add to its count and quotes.
 */
@Injectable()
export class EvaluateAlertsUseCase {
  private readonly webhooks: Map<string, string>;
  /** Spike checks scan a day of a topic: at most one per tenant, topic and 15 s; a standing alert's evidence is refreshed at most every 5 s. */
  private readonly lastSpikeCheck = new Map<string, number>();
  private readonly lastTouch = new Map<string, number>();

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: InsightsEnv,
  ) {
    this.webhooks = tenantMap(config.INSIGHTS_ALERT_WEBHOOKS, '=');
  }

  webhookFor(tenantId: string): string {
    return this.webhooks.get(tenantId) ?? this.config.INSIGHTS_ALERT_WEBHOOK_URL;
  }

  async execute(m: EntityManager, fact: FactForAlerts): Promise<AlertEntity[]> {
    const raised: AlertEntity[] = [];
    for (const rule of await this.alerts.rules(fact.tenantId, m)) {
      if (!rule.enabled) continue;
      if (rule.kind === 'threshold') {
        for (const subject of subjectsMatching(rule, fact.subjects)) {
          const a = await this.threshold(m, rule, subject, fact);
          if (a) raised.push(a);
        }
      } else {
        for (const topic of topicsMatching(rule, fact.topics)) {
          const a = await this.spike(m, rule, topic, fact);
          if (a) raised.push(a);
        }
      }
    }
    return raised;
  }

  private async threshold(m: EntityManager, rule: AlertRule, subject: string, fact: FactForAlerts): Promise<AlertEntity | undefined> {
    const key = `${rule.ruleId}|${subject}`;
    await this.alerts.lock(m, fact.tenantId, key);
    const { customers, upper } = await this.alerts.subjectWindow(m, fact.tenantId, subject, fact.occurredAt, rule.windowMinutes);
    const standing = await this.alerts.standing(m, fact.tenantId, key, upper, rule.windowMinutes);
    if (standing) {
      await this.touch(m, standing, Math.max(standing.count, customers), 'subjects', subject, upper);
      return undefined;
    }
    if (customers < rule.threshold) return undefined;
    const quotes = await this.alerts.quotes(m, fact.tenantId, 'subjects', subject, upper, rule.windowMinutes);
    const { title, action } = describeSubject(subject);
    return this.raise(m, rule, { subject, key, title, action, quotes, count: customers, baseline: 0, at: upper, tenantId: fact.tenantId });
  }

  private async spike(m: EntityManager, rule: AlertRule, topic: string, fact: FactForAlerts): Promise<AlertEntity | undefined> {
    const key = `${rule.ruleId}|${topic}`;
    const throttleKey = `${fact.tenantId}|${key}`;
    if (Date.now() - (this.lastSpikeCheck.get(throttleKey) ?? 0) < 15_000) return undefined;
    this.lastSpikeCheck.set(throttleKey, Date.now());
    if (this.lastSpikeCheck.size > 50_000) this.lastSpikeCheck.clear();
    const { current, baseline } = await this.alerts.topicWindowAndBaseline(m, fact.tenantId, topic, fact.occurredAt, rule.windowMinutes);
    if (current < rule.threshold) return undefined;
    await this.alerts.lock(m, fact.tenantId, key);
    const standing = await this.alerts.standing(m, fact.tenantId, key, fact.occurredAt, rule.windowMinutes);
    if (standing) {
      await this.touch(m, standing, Math.max(standing.count, current), 'topics', topic, fact.occurredAt);
      return undefined;
    }
    if (!isSpike(current, baseline, rule)) return undefined;
    const quotes = await this.alerts.quotes(m, fact.tenantId, 'topics', topic, fact.occurredAt, rule.windowMinutes, 5);
    const label = topic.replace(/_/g, ' ');
    return this.raise(m, rule, {
      subject: topic, key, quotes, count: current, baseline, at: fact.occurredAt, tenantId: fact.tenantId,
      title: `Spike in "${label}": ${current} messages in ${rule.windowMinutes} min, usually ${baseline.toFixed(1)}`,
      action: describeSubject(topic).action,
    });
  }

  private async touch(m: EntityManager, a: AlertEntity, count: number, column: 'subjects' | 'topics', value: string, at: Date): Promise<void> {
    if (a.acknowledged) return;
    if (Date.now() - (this.lastTouch.get(a.alertId) ?? 0) < 5000 && count === a.count) return;
    this.lastTouch.set(a.alertId, Date.now());
    if (this.lastTouch.size > 10_000) this.lastTouch.clear();
    const quotes = await this.alerts.quotes(m, a.tenantId, column, value, at, a.windowMinutes);
    await m.update(AlertEntity, { alertId: a.alertId }, { count, quotes, lastSeenAt: at > a.lastSeenAt ? at : a.lastSeenAt });
  }

  private async raise(
    m: EntityManager,
    rule: AlertRule,
    p: { tenantId: string; subject: string; key: string; title: string; action: string; quotes: string[]; count: number; baseline: number; at: Date },
  ): Promise<AlertEntity> {
    const alert = m.create(AlertEntity, {
      alertId: randomUUID(), tenantId: p.tenantId, ruleId: rule.ruleId, kind: rule.kind, subject: p.subject, dedupeKey: p.key, title: p.title,
      quotes: p.quotes, count: p.count, suggestedAction: p.action, acknowledged: false, windowMinutes: rule.windowMinutes, baseline: p.baseline,
      raisedAt: p.at, lastSeenAt: p.at, webhookStatus: this.webhookFor(p.tenantId) ? 'pending' : 'none',
    });
    await m.insert(AlertEntity, alert);
    await this.outbox.add(m, { event: Events.alertRaised, payload: { alert: toAlertProto(alert) }, key: p.tenantId, tenantId: p.tenantId, eventId: alert.alertId });
    return alert;
  }
}
