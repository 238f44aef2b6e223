import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TimelineItemEntity } from './timeline-item.entity';
import { TimelineStatsEntity } from './timeline-stats.entity';

export type NewTimelineItem = Omit<TimelineItemEntity, 'id' | 'recordedAt'>;

/** Newest N items of one customer: walks the (tenant, customer, occurred_at) index backwards and stops after N rows. */
export const RECENT_ITEMS_SQL = `SELECT id, kind, channel_kind, channel_id, text, occurred_at, intent
  FROM timeline_items WHERE tenant_id = $1 AND customer_id = $2
  ORDER BY occurred_at DESC LIMIT $3`;

/** The running totals: one primary-key row, whatever the length of the history. */
export const STATS_SQL = `SELECT * FROM timeline_stats WHERE tenant_id = $1 AND customer_id = $2`;

@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends an item once per source key and bumps the running totals; false when it was already there. */
  async append(m: EntityManager, item: NewTimelineItem): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO timeline_items (tenant_id, customer_id, kind, channel_kind, channel_id, text, occurred_at, source_event_id, identifier_type, identifier_value, intent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (source_event_id) DO NOTHING RETURNING id`,
      [item.tenantId, item.customerId, item.kind, item.channelKind, item.channelId, item.text, item.occurredAt, item.sourceEventId, item.identifierType, item.identifierValue, item.intent],
    );
    if (!inserted.length) return false;
    const isOrder = item.kind === 'TIMELINE_ITEM_KIND_ORDER';
    await m.query(
      `INSERT INTO timeline_stats AS s (customer_id, tenant_id, total, first_at, last_at, by_kind, by_channel, by_intent, last_order_text, last_order_at)
       VALUES ($1, $2, 1, $3, $3, jsonb_build_object($4::text, 1),
               CASE WHEN $5 = '' THEN '{}'::jsonb ELSE jsonb_build_object($5::text, 1) END,
               CASE WHEN $6 = '' THEN '{}'::jsonb ELSE jsonb_build_object($6::text, 1) END,
               CASE WHEN $7 THEN $8 ELSE '' END, CASE WHEN $7 THEN $3::timestamptz END)
       ON CONFLICT (customer_id) DO UPDATE SET
         total = s.total + 1,
         first_at = least(s.first_at, $3), last_at = greatest(s.last_at, $3),
         by_kind = s.by_kind || jsonb_build_object($4::text, coalesce((s.by_kind ->> $4)::int, 0) + 1),
         by_channel = CASE WHEN $5 = '' THEN s.by_channel ELSE s.by_channel || jsonb_build_object($5::text, coalesce((s.by_channel ->> $5)::int, 0) + 1) END,
         by_intent = CASE WHEN $6 = '' THEN s.by_intent ELSE s.by_intent || jsonb_build_object($6::text, coalesce((s.by_intent ->> $6)::int, 0) + 1) END,
         last_order_text = CASE WHEN $7 AND (s.last_order_at IS NULL OR s.last_order_at <= $3) THEN $8 ELSE s.last_order_text END,
         last_order_at = CASE WHEN $7 AND (s.last_order_at IS NULL OR s.last_order_at <= $3) THEN $3 ELSE s.last_order_at END`,
      [item.customerId, item.tenantId, item.occurredAt, item.kind, item.channelKind, item.intent, isOrder, isOrder ? item.text.slice(0, 300) : ''],
    );
    return true;
  }

  /** Sets the intent of an item already recorded (turn-completed arrives after message-received); true when found. */
  async setIntent(m: EntityManager, sourceEventId: string, intent: string): Promise<boolean> {
    const rows: { customer_id: string }[] = await m.query(
      `UPDATE timeline_items SET intent = $2 WHERE source_event_id = $1 AND intent = '' RETURNING customer_id`,
      [sourceEventId, intent],
    );
    if (rows.length && intent)
      await m.query(
        `UPDATE timeline_stats SET by_intent = by_intent || jsonb_build_object($2::text, coalesce((by_intent ->> $2)::int, 0) + 1) WHERE customer_id = $1`,
        [rows[0].customer_id, intent],
      );
    const exists: unknown[] = rows.length ? rows : await m.query(`SELECT 1 FROM timeline_items WHERE source_event_id = $1`, [sourceEventId]);
    return exists.length > 0;
  }

  async findBySource(m: EntityManager, sourceEventId: string): Promise<TimelineItemEntity | null> {
    return m.getRepository(TimelineItemEntity).findOne({ where: { sourceEventId } });
  }

  /** Newest last, like a chat. */
  async recent(tenantId: string, customerId: string, limit: number): Promise<TimelineItemEntity[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(RECENT_ITEMS_SQL, [tenantId, customerId, limit]);
    return rows.reverse().map(
      (r) =>
        ({
          id: r.id,
          kind: r.kind,
          channelKind: r.channel_kind,
          channelId: r.channel_id,
          text: r.text,
          occurredAt: r.occurred_at,
          intent: r.intent,
        }) as TimelineItemEntity,
    );
  }

  async stats(tenantId: string, customerId: string): Promise<TimelineStatsEntity | undefined> {
    const [r] = await this.dataSource.query(STATS_SQL, [tenantId, customerId]);
    if (!r) return undefined;
    return {
      customerId: r.customer_id,
      tenantId: r.tenant_id,
      total: r.total,
      firstAt: r.first_at,
      lastAt: r.last_at,
      byKind: r.by_kind,
      byChannel: r.by_channel,
      byIntent: r.by_intent,
      lastOrderText: r.last_order_text,
      lastOrderAt: r.last_order_at,
    };
  }

  /** Recounts the totals from the items (after a merge, unmerge or bulk load): O(history), never on the read path. */
  async rebuildStats(m: EntityManager, tenantId: string, customerIds: string[]): Promise<void> {
    await m.query(`DELETE FROM timeline_stats WHERE customer_id = ANY($1::uuid[])`, [customerIds]);
    await m.query(
      `INSERT INTO timeline_stats (customer_id, tenant_id, total, first_at, last_at, by_kind, by_channel, by_intent, last_order_text, last_order_at)
       SELECT t.customer_id, $1, count(*), min(t.occurred_at), max(t.occurred_at),
         (SELECT coalesce(jsonb_object_agg(kind, n), '{}') FROM (SELECT kind, count(*) n FROM timeline_items WHERE customer_id = t.customer_id GROUP BY kind) k),
         (SELECT coalesce(jsonb_object_agg(channel_kind, n), '{}') FROM (SELECT channel_kind, count(*) n FROM timeline_items WHERE customer_id = t.customer_id AND channel_kind <> '' GROUP BY channel_kind) c),
         (SELECT coalesce(jsonb_object_agg(intent, n), '{}') FROM (SELECT intent, count(*) n FROM timeline_items WHERE customer_id = t.customer_id AND intent <> '' GROUP BY intent) i),
         coalesce((SELECT left(text, 300) FROM timeline_items WHERE customer_id = t.customer_id AND kind = 'TIMELINE_ITEM_KIND_ORDER' ORDER BY occurred_at DESC LIMIT 1), ''),
         (SELECT max(occurred_at) FROM timeline_items WHERE customer_id = t.customer_id AND kind = 'TIMELINE_ITEM_KIND_ORDER')
       FROM timeline_items t WHERE t.tenant_id = $1 AND t.customer_id = ANY($2::uuid[]) GROUP BY t.customer_id`,
      [tenantId, customerIds],
    );
  }
}
