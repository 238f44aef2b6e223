import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many events of one kind a tenant had in one UTC hour. */
@Entity({ name: 'hourly_event_counts' })
export class HourlyEventCountEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'hour_start', type: 'timestamptz' })
  hourStart: Date;

  @PrimaryColumn({ name: 'event_kind', type: 'text' })
  eventKind: string;

  @Column({ type: 'bigint', default: 0 })
  count: string;
}
