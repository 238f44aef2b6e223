import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When and where a customer last talked to the business: the input of best-hour learning. */
@Entity({ name: 'customer_activity' })
export class CustomerActivityEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'last_contact_at', type: 'timestamptz' })
  lastContactAt: Date;

  @Column({ name: 'last_channel_kind', type: 'text' })
  lastChannelKind: string;
}
