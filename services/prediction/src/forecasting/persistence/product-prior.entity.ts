import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A product's population consumption rate, re-estimated by the batch scan. */
@Entity({ name: 'product_priors' })
export class ProductPriorEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'product_id', type: 'text' })
  productId: string;

  @Column({ name: 'log_days_per_pack', type: 'double precision' })
  logDaysPerPack: number;

  @Column({ name: 'between_variance', type: 'double precision' })
  betweenVariance: number;

  @Column({ name: 'within_variance', type: 'double precision' })
  withinVariance: number;

  @Column({ type: 'int' })
  customers: number;

  @Column({ name: 'median_interval_days', type: 'double precision', nullable: true })
  medianIntervalDays: number | null;

  @Column({ name: 'estimated_at', type: 'timestamptz' })
  estimatedAt: Date;
}
