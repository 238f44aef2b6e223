import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** One continuous conversation per customer, across channels. */
@Entity({ name: 'conversations' })
@Index('conversations_customer', ['tenantId', 'customerId'], { unique: true })
@Index('conversations_mode', ['tenantId', 'mode', 'updatedAt'])
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  mode: string;

  @Column({ name: 'last_channel_id', type: 'text', default: '' })
  lastChannelId: string;

  @Column({ name: 'last_inbound_message_id', type: 'text', default: '' })
  lastInboundMessageId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
