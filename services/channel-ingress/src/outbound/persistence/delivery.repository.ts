import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { DeliveryEntity } from './delivery.entity';

const ORDER = `ARRAY['DELIVERY_STATUS_QUEUED','DELIVERY_STATUS_SENT','DELIVERY_STATUS_DELIVERED','DELIVERY_STATUS_READ']`;

/** TypeORM answers UPDATE … RETURNING on Postgres with [rows, affected]. */
function updatedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return (Array.isArray(result) ? result : []) as T[];
}

export type NewDelivery = Omit<DeliveryEntity, 'id' | 'createdAt' | 'updatedAt' | 'attempts' | 'lastError' | 'externalId' | 'nextAttemptAt' | 'deadLetteredAt'>;

@Injectable()
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Undefined when this reply was already taken (redelivered event). */
  async insertOnce(m: EntityManager, d: NewDelivery) {
    const result = await m.createQueryBuilder().insert().into(DeliveryEntity).values(d).orIgnore().returning(['id']).execute();
    const id = result.raw[0]?.id as string | undefined;
    return id ? m.findOneByOrFail(DeliveryEntity, { id }) : undefined;
  }

  findByReplyId(replyId: string) {
    return this.dataSource.getRepository(DeliveryEntity).findOne({ where: { replyId } });
  }

  /**
   * Leases up to `limit` due deliveries: pushes their next attempt past the lease so another replica
   * (or this one) does not pick them up while they are being sent; a crash mid-send retries after it.
   */
  async leaseDue(status: string, limit: number, leaseMs: number): Promise<DeliveryEntity[]> {
    const result: unknown = await this.dataSource.query(
      `UPDATE deliveries SET next_attempt_at = now() + ($3 || ' milliseconds')::interval
        WHERE id IN (SELECT id FROM deliveries WHERE status = $1 AND next_attempt_at <= now()
                     ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [status, limit, String(leaseMs)],
    );
    const rows = updatedRows<{ id: string }>(result);
    if (!rows.length) return [];
    return this.dataSource.getRepository(DeliveryEntity).createQueryBuilder('d').where('d.id IN (:...ids)', { ids: rows.map((r) => r.id) }).orderBy('d.id').getMany();
  }

  async update(m: EntityManager, id: string, patch: Partial<DeliveryEntity>) {
    await m.update(DeliveryEntity, { id }, { ...patch, updatedAt: new Date() });
  }

  /** Moves a delivery found by the provider's message id forward (never back: a late "delivered" after "read"). */
  async advanceByExternalId(m: EntityManager, channelId: string, externalId: string, status: string, failed: string, error: string) {
    const result: unknown = await m.query(
      `UPDATE deliveries SET status = $3, last_error = CASE WHEN $5 <> '' THEN $5 ELSE last_error END, updated_at = now()
        WHERE channel_id = $1 AND external_id = $2 AND status <> $4
          AND ($3 = $4 OR coalesce(array_position(${ORDER}, status), 0) < array_position(${ORDER}, $3::text))
        RETURNING id, reply_id AS "replyId", tenant_id AS "tenantId", channel_id AS "channelId", channel_kind AS "channelKind",
                  customer_id AS "customerId", attempts, external_id AS "externalId"`,
      [channelId, externalId, status, failed, error],
    );
    return updatedRows<DeliveryEntity>(result)[0] as Pick<DeliveryEntity, 'id' | 'replyId' | 'tenantId' | 'channelId' | 'channelKind' | 'customerId' | 'attempts' | 'externalId'> | undefined;
  }

  /** Replies to one recipient after an id, for widget reconnects and voice/API polling. */
  since(channelId: string, recipient: string, afterId: string, limit = 200): Promise<DeliveryEntity[]> {
    return this.dataSource.getRepository(DeliveryEntity).find({
      where: { channelId, recipient, id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }
}
