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

const MESSAGE_INSERT = `INSERT INTO inbound_messages (${COLUMNS.join(', ')})
    VALUES (${COLUMNS.map((c, i) => `$${i + 1}${c === 'attachments' || c === 'context' ? '::jsonb' : ''}`).join(', ')})
    ON CONFLICT DO NOTHING RETURNING id`;
const N = COLUMNS.length;

/**
 * The message and its message-received event in one statement: the webhook's hot path costs one round trip
 * and no BEGIN/COMMIT; a redelivery that raced us inserts nothing. While the sender has a message waiting
 * for identity-graph, the new one waits behind it (a pending row instead of the event), so one sender's
 * events keep their arrival order.
 */
const INSERT_WITH_EVENT = `WITH m AS (${MESSAGE_INSERT}),
  held AS (SELECT EXISTS (SELECT 1 FROM pending_identities WHERE channel_id = $3 AND sender = $5 AND NOT failed) AS waiting),
  o AS (${outboxInsertFrom('m CROSS JOIN held WHERE NOT held.waiting', N + 1)}),
  p AS (INSERT INTO pending_identities (message_id, tenant_id, channel_id, sender, request, payload)
    SELECT m.id, $2, $3, $5, $${N + 6}::jsonb, $${N + 7}::jsonb FROM m CROSS JOIN held WHERE held.waiting RETURNING seq)
  SELECT (SELECT count(*)::int FROM o) AS events, (SELECT count(*)::int FROM p) AS pending`;

/** The message and its pending row: the customer is resolved after the webhook has been answered. */
const INSERT_PENDING = `WITH m AS (${MESSAGE_INSERT})
  INSERT INTO pending_identities (message_id, tenant_id, channel_id, sender, request, payload)
  SELECT m.id, $2, $3, $5, $${N + 1}::jsonb, $${N + 2}::jsonb FROM m RETURNING seq`;

/** What a message waiting for its customer carries: the ResolveIdentity request and the event payload. */
export interface PendingResolution {
  request: unknown;
  payload: unknown;
}

export type InsertOutcome = 'event' | 'pending' | 'duplicate';

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
   * 'duplicate' when the dedupe key was already taken (a provider redelivery that raced us): then nothing is
   * written. 'event' when the event was written (tell the outbox, `Outbox.written`); 'pending' when the
   * sender has an earlier message waiting for identity-graph and this one queued behind it (kick the resolver).
   */
  async insertWithEvent(message: InboundMessageEntity, event: OutboxRow, pending: PendingResolution): Promise<InsertOutcome> {
    const { rows } = await pgPool(this.dataSource).query(INSERT_WITH_EVENT, [
      ...messageParams(message),
      ...outboxParams(event),
      JSON.stringify(pending.request),
      JSON.stringify(pending.payload),
    ]);
    return rows[0].events ? 'event' : rows[0].pending ? 'pending' : 'duplicate';
  }

  /** The message and its pending row; false when the dedupe key was already taken. */
  async insertPending(message: InboundMessageEntity, pending: PendingResolution): Promise<boolean> {
    const { rows } = await pgPool(this.dataSource).query(INSERT_PENDING, [
      ...messageParams(message),
      JSON.stringify(pending.request),
      JSON.stringify(pending.payload),
    ]);
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
