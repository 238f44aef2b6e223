import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TimelineItemEntity } from './timeline-item.entity';

@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(m: EntityManager, item: Omit<TimelineItemEntity, 'id'>): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(TimelineItemEntity)
      .values(item)
      .orIgnore()
      .execute();
  }

  /** Newest last, like a chat. */
  async recent(tenantId: string, customerId: string, limit: number): Promise<TimelineItemEntity[]> {
    const rows = await this.dataSource.getRepository(TimelineItemEntity).find({
      where: { tenantId, customerId },
      order: { occurredAt: 'DESC' },
      take: limit,
    });
    return rows.reverse();
  }

  async stats(tenantId: string, customerId: string): Promise<{ total: number; firstAt?: Date; channels: string[] }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS total, min(occurred_at) AS first_at,
              coalesce(array_agg(DISTINCT channel_kind) FILTER (WHERE channel_kind <> ''), '{}') AS channels
       FROM timeline_items WHERE tenant_id = $1 AND customer_id = $2`,
      [tenantId, customerId],
    );
    return { total: row.total, firstAt: row.first_at ?? undefined, channels: row.channels };
  }
}
