import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The tenant's BG/NBD parameters (time unit: days). */
@Entity({ name: 'customer_models' })
export class CustomerModelEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'double precision' })
  r: number;

  @Column({ type: 'double precision' })
  alpha: number;

  @Column({ type: 'double precision' })
  a: number;

  @Column({ type: 'double precision' })
  b: number;

  @Column({ type: 'int' })
  customers: number;

  @Column({ name: 'log_likelihood', type: 'double precision' })
  logLikelihood: number;

  @Column({ name: 'fitted_at', type: 'timestamptz' })
  fittedAt: Date;
}
