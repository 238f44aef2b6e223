import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LoyaltyLedger } from '../../loyalty/persistence/loyalty.ledger';

export const ANONYMOUS_CUSTOMER = '00000000-0000-0000-0000-000000000000';

/** Everything this service keeps per customer: carts, quotes, orders, points, coupons. */
@Injectable()
export class CustomerDataRepository {
  constructor(private readonly ledger: LoyaltyLedger) {}

  /** identity-graph merged `fromId` into `toId`: carts (same conversation: items combine), orders, points and coupons follow. */
  async move(m: EntityManager, tenantId: string, fromId: string, toId: string): Promise<void> {
    const carts: { id: string; conversation_id: string }[] = await m.query(`SELECT id, conversation_id FROM carts WHERE tenant_id = $1 AND customer_id = $2`, [tenantId, fromId]);
    for (const cart of carts) {
      const [target]: { id: string }[] = await m.query(`SELECT id FROM carts WHERE tenant_id = $1 AND customer_id = $2 AND conversation_id = $3`, [tenantId, toId, cart.conversation_id]);
      if (!target) {
        await m.query(`UPDATE carts SET customer_id = $2 WHERE id = $1`, [cart.id, toId]);
        continue;
      }
      await m.query(
        `INSERT INTO cart_items (cart_id, product_id, quantity, price_when_added_minor, currency, added_at)
         SELECT $2, product_id, quantity, price_when_added_minor, currency, added_at FROM cart_items WHERE cart_id = $1
         ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = least(cart_items.quantity + EXCLUDED.quantity, 99)`,
        [cart.id, target.id],
      );
      await m.query(`DELETE FROM cart_items WHERE cart_id = $1`, [cart.id]);
      await m.query(`DELETE FROM carts WHERE id = $1`, [cart.id]);
    }
    for (const table of ['orders', 'quotes', 'promotion_redemptions', 'promotions'])
      await m.query(`UPDATE ${table} SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = $2`, [tenantId, fromId, toId]);
    await this.ledger.moveCustomer(m, tenantId, fromId, toId);
  }

  /** customer-erased: personal data goes, accounting totals (order amounts, lines, coupon and point sums) stay under an anonymous id. */
  async anonymize(m: EntityManager, tenantId: string, ids: string[]): Promise<void> {
    await m.query(`DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]))`, [tenantId, ids]);
    await m.query(`DELETE FROM carts WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, ids]);
    await m.query(`DELETE FROM slot_holds WHERE quote_id IN (SELECT id FROM quotes WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) AND order_id IS NULL)`, [tenantId, ids]);
    await m.query(`DELETE FROM quotes WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, ids]);
    await m.query(
      `UPDATE orders SET customer_id = $3, address = NULL, conversation_id = '', anonymized = true, updated_at = now()
       WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
      [tenantId, ids, ANONYMOUS_CUSTOMER],
    );
    await m.query(`UPDATE promotion_redemptions SET customer_id = $3 WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, ids, ANONYMOUS_CUSTOMER]);
    await m.query(
      `UPDATE promotions SET customer_id = $3, expires_at = least(coalesce(expires_at, now()), now()) WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
      [tenantId, ids, ANONYMOUS_CUSTOMER],
    );
    await m.query(`UPDATE loyalty_movements SET customer_id = $3, remaining = 0, note = '' WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, ids, ANONYMOUS_CUSTOMER]);
  }
}
