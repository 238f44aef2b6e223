import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The current replenishment forecast of one customer × product, refreshed on each order and by the batch. */
@Entity({ name: 'replenishment_forecasts' })
@Index('forecasts_planned', ['tenantId', 'plannedAt'])
export class ForecastEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @PrimaryColumn({ name: 'product_id', type: 'text' })
  productId: string;

  @Column({ name: 'last_purchased_at', type: 'timestamptz' })
  lastPurchasedAt: Date;

  @Column({ name: 'last_quantity', type: 'int' })
  lastQuantity: number;

  @Column({ name: 'usual_quantity', type: 'int' })
  usualQuantity: number;

  @Column({ name: 'days_per_pack', type: 'double precision' })
  daysPerPack: number;

  @Column({ name: 'daily_amount', type: 'double precision', nullable: true })
  dailyAmount: number | null;

  @Column({ name: 'run_out_at', type: 'timestamptz' })
  runOutAt: Date;

  @Column({ name: 'band_start', type: 'timestamptz' })
  bandStart: Date;

  @Column({ name: 'band_end', type: 'timestamptz' })
  bandEnd: Date;

  @Column({ name: 'intervals_observed', type: 'int' })
  intervalsObserved: number;

  @Column({ type: 'double precision' })
  confidence: number;

  /** When the reorder outreach is planned (run-out minus lead time, at the customer's best hour). */
  @Column({ name: 'planned_at', type: 'timestamptz' })
  plannedAt: Date;

  @Column({ name: 'scored_at', type: 'timestamptz' })
  scoredAt: Date;
}
