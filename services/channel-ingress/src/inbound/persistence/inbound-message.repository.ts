import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { outboxInsertFrom, outboxParams, OutboxRow } from '@concierge/kafka';
import { pgPool } from '@concierge/persistence';
import { InboundMessageEntity } from './inbound-message.entity';

const COLUMNS = [
  'id',
  'tenant_id',
  'channel_id',
  'channel_kind',
  'external_user_id',
  'external_message_id',
  'customer_id',
  'reply_address',
  'text',
  'locale',
  'sent_at',
  'received_at',
  'attachments',
  'context',
  'conversation_ref',
] as const;

const messageParams = (m: InboundMessageEntity): unknown[] => [
  m.id,
  m.tenantId,
  m.channelId,
  m.channelKind,
  m.externalUserId,
  m.externalMessageId,
  m.customerId,
  // Columns TypeORM used to default to '' when a channel left them out.
  m.replyAddress ?? '',
  m.text ?? '',
  m.locale ?? '',
  m.sentAt,
  m.receivedAt,
  JSON.stringify(m.attachments),
  JSON.stringify(m.context ?? {}),
  m.conversationRef ?? '',
];

/**
 * The message and its message-received event in one statement: the webhook's hot path costs one
 * round trip and no BEGIN/COMMIT; a redelivery that raced us inserts neither.
 */
const INSERT_WITH_EVENT = `WITH m AS (
    INSERT INTO inbound_messages (${COLUMNS.join(', ')})
    VALUES (${COLUMNS.map((c, i) => `$${i + 1}${c === 'attachments' || c === 'context' ? '::jsonb' : ''}`).join(', ')})
    ON CONFLICT DO NOTHING RETURNING id
  )
  ${outboxInsertFrom('m', COLUMNS.length + 1)}`;

@Injectable()
export class InboundMessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async exists(channelId: string, externalMessageId: string): Promise<boolean> {
    const { rows } = await pgPool(this.dataSource).query(`SELECT 1 FROM inbound_messages WHERE channel_id = $1 AND external_message_id = $2`, [
      channelId,
      externalMessageId,
    ]);
    return rows.length > 0;
  }

  /**
   * False when the dedupe key was already taken (a provider redelivery that raced us): then nothing
   * is written. The caller tells the outbox (`Outbox.written`) when true.
   */
  async insertWithEvent(message: InboundMessageEntity, event: OutboxRow): Promise<boolean> {
    const { rows } = await pgPool(this.dataSource).query(INSERT_WITH_EVENT, [...messageParams(message), ...outboxParams(event)]);
    return rows.length > 0;
  }

  /** False when the dedupe key was already taken (a provider redelivery that raced us). */
  async insertOnce(m: EntityManager, message: InboundMessageEntity): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(InboundMessageEntity)
      .values(message)
      .orIgnore()
      .returning(['id'])
      .execute();
    return result.raw.length > 0;
  }

  findById(id: string): Promise<InboundMessageEntity | null> {
    return this.dataSource.getRepository(InboundMessageEntity).findOne({ where: { id } });
  }

  /** The customer's latest message on each channel, newest first: where a proactive message can go. */
  latestPerChannel(tenantId: string, customerId: string): Promise<InboundMessageEntity[]> {
    return this.dataSource
      .getRepository(InboundMessageEntity)
      .createQueryBuilder('m')
      .distinctOn(['m.channelId'])
      .where(
        `m.tenant_id = :tenantId AND (m.customer_id = :customerId OR m.customer_id IN (SELECT a.merged_customer_id FROM customer_aliases a WHERE a.tenant_id = :tenantId AND a.survivor_customer_id = :customerId))`,
        { tenantId, customerId },
      )
      .orderBy('m.channelId')
      .addOrderBy('m.receivedAt', 'DESC')
      .getMany()
      .then((rows) => rows.sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime()));
  }

  /** When this sender last wrote on this channel (24-hour windows). */
  async lastFrom(channelId: string, replyAddress: string): Promise<Date | undefined> {
    const row = await this.dataSource
      .getRepository(InboundMessageEntity)
      .createQueryBuilder('m')
      .select('max(m.received_at)', 'at')
      .where('m.channel_id = :channelId AND m.reply_address = :replyAddress', { channelId, replyAddress })
      .getRawOne<{ at: Date | null }>();
    return row?.at ? new Date(row.at) : undefined;
  }
}
