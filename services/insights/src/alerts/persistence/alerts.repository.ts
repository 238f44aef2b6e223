import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AlertRule, defaultRules } from '../domain/alert-rules';
import { AlertRuleEntity } from './alert-rule.entity';
import { AlertEntity } from './alert.entity';

@Injectable()
export class AlertsRepository {
  private readonly cache = new Map<string, { at: number; rules: AlertRule[] }>();

  constructor(private readonly dataSource: DataSource) {}

  /** The tenant's own rules over the defaults (same rule id replaces a default); cached for 5 s per replica. */
  async rules(tenantId: string, m: EntityManager = this.dataSource.manager): Promise<AlertRule[]> {
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < 5000) return hit.rules;
    const own = await m.find(AlertRuleEntity, { where: { tenantId } });
    const byId = new Map<string, AlertRule>(defaultRules(tenantId).map((r) => [r.ruleId, r]));
    for (const r of own) byId.set(r.ruleId, { ...r, kind: r.kind as AlertRule['kind'] });
    const rules = [...byId.values()];
    this.cache.set(tenantId, { at: Date.now(), rules });
    return rules;
  }

  async saveRule(rule: AlertRule): Promise<void> {
    await this.dataSource.manager.save(AlertRuleEntity, rule);
    this.cache.delete(rule.tenantId);
  }

  /**
   * Distinct customers with a fact on this subject in the window that ends at the latest such fact
   * up to one window after `at`: partitions are consumed in parallel, so a later message can be
   * processed before an earlier one and must still count with it.
   */
  async subjectWindow(m: EntityManager, tenantId: string, subject: string, at: Date, windowMinutes: number) {
    const [row]: { customers: string; mentions: string; upper: Date }[] = await m.query(
      `WITH u AS (
         SELECT coalesce(max(occurred_at), $3::timestamptz) AS upper FROM conversation_facts
         WHERE tenant_id = $1 AND subjects @> ARRAY[$2]::text[] AND occurred_at >= $3 AND occurred_at <= $3::timestamptz + make_interval(mins => $4))
       SELECT count(DISTINCT pseudonymous_customer_id) AS customers, count(*) AS mentions, min(u.upper) AS upper FROM u
       LEFT JOIN conversation_facts f ON f.tenant_id = $1 AND f.subjects @> ARRAY[$2]::text[]
         AND f.occurred_at > u.upper - make_interval(mins => $4) AND f.occurred_at <= u.upper`,
      [tenantId, subject, at, windowMinutes],
    );
    return { customers: Number(row.customers), mentions: Number(row.mentions), upper: new Date(row.upper) };
  }

  /** One quote per customer, newest first. */
  async quotes(m: EntityManager, tenantId: string, column: 'subjects' | 'topics', value: string, at: Date, windowMinutes: number, limit = 10): Promise<string[]> {
    const rows: { quote: string }[] = await m.query(
      `SELECT quote FROM (
         SELECT DISTINCT ON (pseudonymous_customer_id) quote, occurred_at FROM conversation_facts
         WHERE tenant_id = $1 AND ${column} @> ARRAY[$2]::text[] AND quote IS NOT NULL
           AND occurred_at > $3::timestamptz - make_interval(mins => $4) AND occurred_at <= $3
         ORDER BY pseudonymous_customer_id, occurred_at DESC) q
       ORDER BY occurred_at DESC LIMIT $5`,
      [tenantId, value, at, windowMinutes, limit],
    );
    return rows.map((r) => r.quote);
  }

  /** Facts on a topic in the window ending at `at`, and the mean per window over the 24 windows before. */
  async topicWindowAndBaseline(m: EntityManager, tenantId: string, topic: string, at: Date, windowMinutes: number) {
    const [row]: { current: string; before: string }[] = await m.query(
      `SELECT count(*) FILTER (WHERE occurred_at > $3::timestamptz - make_interval(mins => $4)) AS current,
              count(*) FILTER (WHERE occurred_at <= $3::timestamptz - make_interval(mins => $4)) AS before
       FROM conversation_facts
       WHERE tenant_id = $1 AND topics @> ARRAY[$2]::text[] AND occurred_at > $3::timestamptz - make_interval(mins => $4 * 25) AND occurred_at <= $3`,
      [tenantId, topic, at, windowMinutes],
    );
    return { current: Number(row.current), baseline: Number(row.before) / 24 };
  }

  /** The alert already standing for this problem: open, or raised within the rule's window (no re-raise right after an acknowledgement). */
  async standing(m: EntityManager, tenantId: string, dedupeKey: string, at: Date, windowMinutes: number): Promise<AlertEntity | null> {
    return m
      .createQueryBuilder(AlertEntity, 'a')
      .where('a.tenant_id = :tenantId AND a.dedupe_key = :dedupeKey', { tenantId, dedupeKey })
      .andWhere(`(a.acknowledged = false OR a.last_seen_at > :since)`, { since: new Date(at.getTime() - windowMinutes * 60_000) })
      .orderBy('a.raised_at', 'DESC')
      .getOne();
  }

  async lock(m: EntityManager, tenantId: string, dedupeKey: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tenantId}|${dedupeKey}`]);
  }

  async list(tenantId: string, range: { from: Date; to: Date }, offset: number, limit: number): Promise<AlertEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(AlertEntity, 'a')
      .where('a.tenant_id = :tenantId AND a.last_seen_at >= :from AND a.raised_at < :to', { tenantId, ...range })
      .orderBy('a.raised_at', 'DESC')
      .addOrderBy('a.alert_id')
      .offset(offset)
      .limit(limit)
      .getMany();
  }

  async open(tenantId: string, limit = 20): Promise<AlertEntity[]> {
    return this.dataSource.manager.find(AlertEntity, { where: { tenantId, acknowledged: false }, order: { raisedAt: 'DESC' }, take: limit });
  }

  async acknowledge(tenantId: string, alertId: string): Promise<AlertEntity | null> {
    await this.dataSource.manager.update(AlertEntity, { tenantId, alertId }, { acknowledged: true });
    return this.dataSource.manager.findOne(AlertEntity, { where: { tenantId, alertId } });
  }

  /** Newest change to the tenant's alerts, for live consoles. */
  async lastChange(tenantId: string): Promise<string> {
    const [row]: { stamp: string | null }[] = await this.dataSource.query(
      `SELECT max(last_seen_at)::text || ':' || count(*) FILTER (WHERE acknowledged) AS stamp FROM alerts WHERE tenant_id = $1`,
      [tenantId],
    );
    return row.stamp ?? '';
  }
}
