import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface CartLineRow {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  priceWhenAddedMinor: string;
  addedCurrency: string;
  priceMinor: string;
  currency: string;
  stock: number;
  tags: string[];
  packSize: string;
  typicalDaysOfUse: number;
}

@Injectable()
export class CartRepository {
  /** The cart's id, created on first use. */
  async ensureCart(m: EntityManager, tenantId: string, customerId: string, conversationId: string): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO carts (tenant_id, customer_id, conversation_id) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, customer_id, conversation_id) DO UPDATE SET updated_at = now()
       RETURNING id`,
      [tenantId, customerId, conversationId],
    );
    return row.id;
  }

  async findCart(m: EntityManager, tenantId: string, customerId: string, conversationId: string): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(
      `SELECT id FROM carts WHERE tenant_id = $1 AND customer_id = $2 AND conversation_id = $3`,
      [tenantId, customerId, conversationId],
    );
    return row?.id ?? null;
  }

  /** Items joined with the live catalog (price, stock): what the cart is worth now. */
  async lines(m: EntityManager, cartId: string): Promise<CartLineRow[]> {
    return m.query(
      `SELECT i.product_id AS "productId", p.sku, p.name, i.quantity, i.price_when_added_minor AS "priceWhenAddedMinor",
              i.currency AS "addedCurrency", p.price_minor AS "priceMinor", p.currency, p.stock, p.tags,
              p.pack_size AS "packSize", p.typical_days_of_use AS "typicalDaysOfUse"
       FROM cart_items i JOIN products p ON p.id = i.product_id
       WHERE i.cart_id = $1 ORDER BY i.added_at, i.product_id`,
      [cartId],
    );
  }

  async setItem(m: EntityManager, cartId: string, productId: string, quantity: number, priceMinor: string, currency: string): Promise<void> {
    await m.query(
      `INSERT INTO cart_items (cart_id, product_id, quantity, price_when_added_minor, currency) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
      [cartId, productId, quantity, priceMinor, currency],
    );
  }

  async removeItem(m: EntityManager, cartId: string, productId: string): Promise<number> {
    const [, count] = (await m.query(`DELETE FROM cart_items WHERE cart_id = $1 AND product_id = $2`, [cartId, productId])) as [unknown, number];
    return count;
  }

  async removeItems(m: EntityManager, cartId: string, productIds: string[]): Promise<void> {
    await m.query(`DELETE FROM cart_items WHERE cart_id = $1 AND product_id = ANY($2::uuid[])`, [cartId, productIds]);
  }
}
