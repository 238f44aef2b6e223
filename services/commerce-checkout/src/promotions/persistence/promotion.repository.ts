import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PromotionCheck, PromotionRule } from '../domain/pricing';
import { PromotionEntity } from './promotion.entity';

export function toRule(p: PromotionEntity): PromotionRule {
  return {
    id: p.id,
    code: p.code,
    kind: p.kind as 'percent' | 'fixed',
    value: BigInt(p.value),
    currency: p.currency,
    minSubtotalMinor: BigInt(p.minSubtotalMinor),
    productIds: p.productIds,
    tags: p.tags,
    startsAt: p.startsAt,
    expiresAt: p.expiresAt,
    perCustomerLimit: p.perCustomerLimit,
    totalLimit: p.totalLimit,
    timesUsed: p.timesUsed,
    stackable: p.stackable,
    customerId: p.customerId,
  };
}

@Injectable()
export class PromotionRepository {
  async byCodes(m: EntityManager, tenantId: string, codes: string[], customerId: string, lock = false): Promise<Map<string, PromotionCheck>> {
    if (!codes.length) return new Map();
    const qb = m
      .getRepository(PromotionEntity)
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId AND p.code IN (:...codes)', { tenantId, codes })
      .orderBy('p.id');
    if (lock) qb.setLock('pessimistic_write');
    const rows = await qb.getMany();
    const uses: { promotion_id: string; n: number }[] = rows.length
      ? await m.query(
          `SELECT promotion_id, count(*)::int AS n FROM promotion_redemptions WHERE tenant_id = $1 AND customer_id = $2 AND promotion_id = ANY($3::uuid[]) GROUP BY promotion_id`,
          [tenantId, customerId, rows.map((r) => r.id)],
        )
      : [];
    return new Map(rows.map((r) => [r.code, { rule: toRule(r), customerUses: uses.find((u) => u.promotion_id === r.id)?.n ?? 0 }]));
  }

  async redeem(m: EntityManager, tenantId: string, promotionId: string, customerId: string, orderId: string, discountMinor: string): Promise<void> {
    await m.query(`UPDATE promotions SET times_used = times_used + 1 WHERE id = $1`, [promotionId]);
    await m.query(
      `INSERT INTO promotion_redemptions (promotion_id, order_id, tenant_id, customer_id, discount_minor) VALUES ($1, $2, $3, $4, $5)`,
      [promotionId, orderId, tenantId, customerId, discountMinor],
    );
  }

  /** Gives the coupon uses of a cancelled order back. */
  async release(m: EntityManager, orderId: string): Promise<void> {
    const gone: { promotion_id: string }[] = await m.query(`DELETE FROM promotion_redemptions WHERE order_id = $1 RETURNING promotion_id`, [orderId]);
    for (const g of gone) await m.query(`UPDATE promotions SET times_used = greatest(times_used - 1, 0) WHERE id = $1`, [g.promotion_id]);
  }
}
