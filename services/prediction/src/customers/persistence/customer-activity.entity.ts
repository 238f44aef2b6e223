import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When and where a customer talks to the business: the input of best-hour learning and channel rules. */
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

  /** 24 counts of the customer's messages by UTC hour. */
  @Column({ name: 'hour_counts', type: 'jsonb', nullable: true })
  hourCounts: number[] | null;

  /** Channel kind → ISO time of the customer's last message on it. */
  @Column({ name: 'last_inbound_by_channel', type: 'jsonb', nullable: true })
  lastInboundByChannel: Record<string, string> | null;

  /** From identity-graph (best effort): IANA time zone and region of the customer. */
  @Column({ type: 'text', nullable: true })
  timezone: string | null;

  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Column({ name: 'profile_fetched_at', type: 'timestamptz', nullable: true })
  profileFetchedAt: Date | null;
}
