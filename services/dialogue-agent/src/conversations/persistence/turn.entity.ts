import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'turns' })
@Index('turns_conversation', ['conversationId', 'createdAt'])
@Index('turns_inbound_message', ['inboundMessageId'], { unique: true, where: `inbound_message_id <> ''` })
export class TurnEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  role: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'channel_kind', type: 'text', default: '' })
  channelKind: string;

  @Column({ name: 'inbound_message_id', type: 'text', default: '' })
  inboundMessageId: string;

  @Column({ name: 'author_id', type: 'text', default: '' })
  authorId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
