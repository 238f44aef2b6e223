import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'alert_rules' })
@Index('alert_rules_tenant', ['tenantId'])
export class AlertRuleEntity {
  @PrimaryColumn({ name: 'rule_id', type: 'text' })
  ruleId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  /** threshold or spike. */
  @Column({ type: 'text' })
  kind: string;

  /** A barrier, a topic, a subject ("ui_friction:promo_code") or "*". */
  @Column({ type: 'text' })
  match: string;

  @Column({ type: 'int' })
  threshold: number;

  @Column({ name: 'window_minutes', type: 'int' })
  windowMinutes: number;

  @Column({ name: 'spike_factor', type: 'double precision', default: 3 })
  spikeFactor: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}
