import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConversationMark, EventKind } from '../domain/event-kind';
import type { HourRange } from '../domain/hour-range';

/** Counts are int64 decimal strings, as Postgres and proto3 JSON give them. */
export interface ConversationCounts {
  conversations: string;
  handedOff: string;
}

@Injectable()
export class MetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async increment(m: EntityManager, tenantId: string, kind: EventKind, hourStart: Date): Promise<void> {
    await m.query(
      `INSERT INTO hourly_event_counts (tenant_id, hour_start, event_kind, count) VALUES ($1, $2, $3, 1)
       ON CONFLICT (tenant_id, hour_start, event_kind) DO UPDATE SET count = hourly_event_counts.count + 1`,
      [tenantId, hourStart, kind],
    );
  }

  async markConversation(m: EntityManager, tenantId: string, conversationId: string, hourStart: Date, mark: ConversationMark): Promise<void> {
    await m.query(
      `INSERT INTO conversation_marks (tenant_id, conversation_id, hour_start, mark) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [tenantId, conversationId, hourStart, mark],
    );
  }

  async eventCounts(tenantId: string, range: HourRange): Promise<Map<EventKind, string>> {
    const rows: { event_kind: EventKind; total: string }[] = await this.dataSource.query(
      `SELECT event_kind, sum(count)::bigint AS total FROM hourly_event_counts
       WHERE tenant_id = $1 AND hour_start >= $2 AND hour_start < $3 GROUP BY event_kind`,
      [tenantId, range.fromHour, range.to],
    );
    return new Map(rows.map((r) => [r.event_kind, r.total]));
  }

  /** Conversations with a turn in the range, and how many of those asked for a human in it. */
  async conversationCounts(tenantId: string, range: HourRange): Promise<ConversationCounts> {
    const [row]: { conversations: string; handed_off: string }[] = await this.dataSource.query(
      `WITH seen AS (
         SELECT conversation_id, bool_or(mark = $4) AS talked, bool_or(mark = $5) AS handed_off
         FROM conversation_marks WHERE tenant_id = $1 AND hour_start >= $2 AND hour_start < $3
         GROUP BY conversation_id)
       SELECT count(*) FILTER (WHERE talked) AS conversations,
              count(*) FILTER (WHERE talked AND handed_off) AS handed_off
       FROM seen`,
      [tenantId, range.fromHour, range.to, ConversationMark.Turn, ConversationMark.Handoff],
    );
    return { conversations: row.conversations, handedOff: row.handed_off };
  }
}
