import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CheckoutErrorCode, CheckoutException } from '../../shared/checkout.exception';

export interface SlotView {
  slotId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  remaining: number;
}

const ACTIVE_HOLDS = `(SELECT count(*)::int FROM slot_holds h WHERE h.tenant_id = s.tenant_id AND h.slot_id = s.slot_id AND h.expires_at > now() AND h.quote_id <> coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'))`;

@Injectable()
export class DeliverySlotRepository {
  async upsert(m: EntityManager, tenantId: string, slots: { slotId: string; startsAt: Date; endsAt: Date; capacity: number }[]): Promise<void> {
    for (const s of slots)
      await m.query(
        `INSERT INTO delivery_slots (tenant_id, slot_id, starts_at, ends_at, capacity) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, slot_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, capacity = greatest(EXCLUDED.capacity, delivery_slots.taken)`,
        [tenantId, s.slotId, s.startsAt, s.endsAt, s.capacity],
      );
  }

  async list(m: EntityManager, tenantId: string, from: Date, to: Date): Promise<SlotView[]> {
    const rows: { slot_id: string; starts_at: Date; ends_at: Date; capacity: number; remaining: number }[] = await m.query(
      `SELECT s.slot_id, s.starts_at, s.ends_at, s.capacity, greatest(s.capacity - s.taken - ${ACTIVE_HOLDS}, 0) AS remaining
       FROM delivery_slots s WHERE s.tenant_id = $1 AND s.starts_at >= $2 AND s.starts_at < $4 ORDER BY s.starts_at, s.slot_id LIMIT 500`,
      [tenantId, from, null, to],
    );
    return rows.map((r) => ({ slotId: r.slot_id, startsAt: r.starts_at, endsAt: r.ends_at, capacity: r.capacity, remaining: r.remaining }));
  }

  /** Free capacity for this quote, with the slot row locked until the transaction ends. */
  private async lockedRemaining(m: EntityManager, tenantId: string, slotId: string, quoteId: string): Promise<{ remaining: number; startsAt: Date }> {
    const [row]: { remaining: number; starts_at: Date }[] = await m.query(
      `SELECT s.capacity - s.taken - ${ACTIVE_HOLDS} AS remaining, s.starts_at FROM delivery_slots s WHERE s.tenant_id = $1 AND s.slot_id = $2 FOR UPDATE`,
      [tenantId, slotId, quoteId],
    );
    if (!row) throw new CheckoutException(CheckoutErrorCode.SlotNotFound, `delivery slot ${slotId} does not exist`);
    return { remaining: row.remaining, startsAt: row.starts_at };
  }

  /** Holds one unit of capacity for the quote's lifetime. */
  async hold(m: EntityManager, tenantId: string, slotId: string, quoteId: string, expiresAt: Date): Promise<void> {
    const { remaining, startsAt } = await this.lockedRemaining(m, tenantId, slotId, quoteId);
    if (startsAt <= new Date()) throw new CheckoutException(CheckoutErrorCode.SlotInvalid, `delivery slot ${slotId} has already started`);
    if (remaining <= 0) throw new CheckoutException(CheckoutErrorCode.SlotFull, `delivery slot ${slotId} is full`);
    await m.query(`INSERT INTO slot_holds (quote_id, tenant_id, slot_id, expires_at) VALUES ($1, $2, $3, $4)`, [quoteId, tenantId, slotId, expiresAt]);
  }

  /** Turns the quote's hold (or, if it lapsed, any free capacity) into a taken place. */
  async take(m: EntityManager, tenantId: string, slotId: string, quoteId: string): Promise<void> {
    const { remaining } = await this.lockedRemaining(m, tenantId, slotId, quoteId);
    if (remaining <= 0) throw new CheckoutException(CheckoutErrorCode.SlotFull, `delivery slot ${slotId} filled up; please pick another`);
    await m.query(`UPDATE delivery_slots SET taken = taken + 1 WHERE tenant_id = $1 AND slot_id = $2`, [tenantId, slotId]);
    await m.query(`DELETE FROM slot_holds WHERE quote_id = $1`, [quoteId]);
  }

  async release(m: EntityManager, tenantId: string, slotId: string): Promise<void> {
    await m.query(`UPDATE delivery_slots SET taken = greatest(taken - 1, 0) WHERE tenant_id = $1 AND slot_id = $2`, [tenantId, slotId]);
  }

  async deleteExpiredHolds(m: EntityManager): Promise<number> {
    const [, n] = (await m.query(`DELETE FROM slot_holds WHERE expires_at <= now()`)) as [unknown, number];
    return n;
  }
}
