import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CheckoutErrorCode, CheckoutException } from '../../shared/checkout.exception';

export interface MovementRow {
  id: string;
  kind: string;
  points: string;
  orderId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  balanceAfter: string;
}

/** The points ledger; every write holds the customer's ledger lock for the rest of the transaction. */
@Injectable()
export class LoyaltyLedger {
  private async lock(m: EntityManager, tenantId: string, customerId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('loyalty:' || $1 || ':' || $2))`, [tenantId, customerId]);
  }

  async balance(m: EntityManager, tenantId: string, customerId: string): Promise<bigint> {
    const [row]: { sum: string }[] = await m.query(
      `SELECT coalesce(sum(remaining), 0)::text AS sum FROM loyalty_movements
       WHERE tenant_id = $1 AND customer_id = $2 AND remaining > 0 AND (expires_at IS NULL OR expires_at > now())`,
      [tenantId, customerId],
    );
    return BigInt(row.sum);
  }

  private async insert(m: EntityManager, row: { tenantId: string; customerId: string; kind: string; points: bigint; remaining: bigint; orderId: string | null; expiresAt: Date | null; note?: string }) {
    const balanceAfter = await this.balance(m, row.tenantId, row.customerId);
    await m.query(
      `INSERT INTO loyalty_movements (tenant_id, customer_id, kind, points, remaining, order_id, expires_at, balance_after, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [row.tenantId, row.customerId, row.kind, row.points.toString(), row.remaining.toString(), row.orderId, row.expiresAt, (balanceAfter + row.remaining).toString(), row.note ?? ''],
    );
  }

  /** Adds a lot of spendable points (earn on a paid order, or points returned from a cancelled one). Once per order and kind. */
  async credit(m: EntityManager, tenantId: string, customerId: string, kind: 'earn' | 'refund_return', points: bigint, orderId: string, ttlDays: number): Promise<boolean> {
    if (points <= 0n) return false;
    await this.lock(m, tenantId, customerId);
    const [done] = await m.query(`SELECT 1 FROM loyalty_movements WHERE order_id = $1 AND kind = $2`, [orderId, kind]);
    if (done) return false;
    await this.insert(m, { tenantId, customerId, kind, points, remaining: points, orderId, expiresAt: new Date(Date.now() + ttlDays * 86_400_000) });
    return true;
  }

  /**
   * Spends points from the oldest unexpired lots. `kind` redeem refuses when the balance is short;
   * `reverse` (taking back points of a refunded order) takes what is left and never goes below zero.
   */
  async debit(m: EntityManager, tenantId: string, customerId: string, kind: 'redeem' | 'reverse', points: bigint, orderId: string): Promise<bigint> {
    if (points <= 0n) return 0n;
    await this.lock(m, tenantId, customerId);
    const [done] = await m.query(`SELECT 1 FROM loyalty_movements WHERE order_id = $1 AND kind = $2`, [orderId, kind]);
    if (done) return 0n;
    const lots: { id: string; remaining: string }[] = await m.query(
      `SELECT id, remaining::text FROM loyalty_movements
       WHERE tenant_id = $1 AND customer_id = $2 AND remaining > 0 AND (expires_at IS NULL OR expires_at > now())
       ORDER BY expires_at NULLS LAST, created_at FOR UPDATE`,
      [tenantId, customerId],
    );
    const available = lots.reduce((s, l) => s + BigInt(l.remaining), 0n);
    if (kind === 'redeem' && available < points)
      throw new CheckoutException(CheckoutErrorCode.PointsInsufficient, `the customer has ${available} points, ${points} were asked for`);
    let left = points < available ? points : available;
    const taken = left;
    for (const lot of lots) {
      if (left === 0n) break;
      const take = BigInt(lot.remaining) < left ? BigInt(lot.remaining) : left;
      await m.query(`UPDATE loyalty_movements SET remaining = remaining - $2 WHERE id = $1`, [lot.id, take.toString()]);
      left -= take;
    }
    await this.insert(m, { tenantId, customerId, kind, points: -taken, remaining: 0n, orderId, expiresAt: null, note: taken < points ? `only ${taken} of ${points} points were left` : '' });
    return taken;
  }

  /** Writes an `expire` movement for every lot past its expiry with points left. */
  async expireLots(m: EntityManager, limit = 500): Promise<number> {
    const lots: { id: string; tenant_id: string; customer_id: string; remaining: string }[] = await m.query(
      `SELECT id, tenant_id, customer_id, remaining::text FROM loyalty_movements
       WHERE remaining > 0 AND expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    for (const lot of lots) {
      await this.lock(m, lot.tenant_id, lot.customer_id);
      await m.query(`UPDATE loyalty_movements SET remaining = 0 WHERE id = $1`, [lot.id]);
      await this.insert(m, { tenantId: lot.tenant_id, customerId: lot.customer_id, kind: 'expire', points: -BigInt(lot.remaining), remaining: 0n, orderId: null, expiresAt: null, note: `lot ${lot.id}` });
    }
    return lots.length;
  }

  /** Moves every lot and movement to the survivor, recording the move on both sides. */
  async moveCustomer(m: EntityManager, tenantId: string, fromId: string, toId: string): Promise<void> {
    await this.lock(m, tenantId, fromId);
    await this.lock(m, tenantId, toId);
    const moved = await this.balance(m, tenantId, fromId);
    await m.query(`UPDATE loyalty_movements SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2`, [tenantId, fromId, toId]);
    const after = await this.balance(m, tenantId, toId);
    await m.query(
      `INSERT INTO loyalty_movements (tenant_id, customer_id, kind, points, remaining, balance_after, note) VALUES ($1, $2, 'merge_in', $3, 0, $4, $5)`,
      [tenantId, toId, moved.toString(), after.toString(), `merged from ${fromId}`],
    );
  }

  async movements(m: EntityManager, tenantId: string, customerId: string): Promise<MovementRow[]> {
    return m.query(
      `SELECT id, kind, points::text, order_id AS "orderId", created_at AS "createdAt", expires_at AS "expiresAt", balance_after::text AS "balanceAfter"
       FROM loyalty_movements WHERE tenant_id = $1 AND customer_id = $2 ORDER BY created_at, id LIMIT 1000`,
      [tenantId, customerId],
    );
  }
}
