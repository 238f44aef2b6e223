import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One problem, one row: later matching messages add to its count and evidence instead of raising again. */
@Entity({ name: 'alerts' })
@Index('alerts_tenant_time', ['tenantId', 'raisedAt'])
@Index('alerts_open_problem', ['tenantId', 'dedupeKey'], { unique: true, where: 'acknowledged = false' })
export class AlertEntity {
  @PrimaryColumn({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'rule_id', type: 'text' })
  ruleId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;

  @Column({ type: 'text' })
  title: string;

  /** Masked customer quotes. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  quotes: string[];

  @Column({ type: 'int' })
  count: number;

  @Column({ name: 'suggested_action', type: 'text' })
  suggestedAction: string;

  @Column({ type: 'boolean', default: false })
  acknowledged: boolean;

  @Column({ name: 'window_minutes', type: 'int' })
  windowMinutes: number;

  @Column({ type: 'double precision', default: 0 })
  baseline: number;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** pending, delivered, failed or none (no webhook configured). */
  @Column({ name: 'webhook_status', type: 'text', default: 'none' })
  webhookStatus: string;
}
