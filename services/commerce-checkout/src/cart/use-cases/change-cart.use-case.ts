import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CheckoutV1 } from '@concierge/contracts';
import { CheckoutErrorCode, CheckoutException, isUuid } from '../../shared/checkout.exception';
import { CustomerScope } from '../../shared/customer-scope';
import { CartLineRow, CartRepository } from '../persistence/cart.repository';

const MAX_QUANTITY = 99;

export interface CartCommand {
  tenantId: string;
  customerId: string;
  conversationId: string;
}

export type CartChange = { op: 'add' | 'set'; productId: string; quantity: number } | { op: 'remove'; productId: string };

/** The cart as priced now from the live catalog, with what changed since the customer added each item. */
export function toCartProto(cartId: string, customerId: string, conversationId: string, rows: CartLineRow[]): CheckoutV1.Cart {
  const currency = rows[0]?.currency ?? '';
  const warnings: string[] = [];
  const items = rows.map((r) => {
    const priceChanged = r.priceWhenAddedMinor !== r.priceMinor || r.addedCurrency !== r.currency;
    if (priceChanged) warnings.push(`${r.name}: price changed from ${r.priceWhenAddedMinor} to ${r.priceMinor} ${r.currency} (minor units)`);
    if (r.stock < r.quantity) warnings.push(r.stock === 0 ? `${r.name}: out of stock` : `${r.name}: only ${r.stock} left, cart has ${r.quantity}`);
    return {
      productId: r.productId,
      name: r.name,
      quantity: r.quantity,
      unitPrice: { amountMinor: r.priceMinor, currency: r.currency },
      lineTotal: { amountMinor: (BigInt(r.priceMinor) * BigInt(r.quantity)).toString(), currency: r.currency },
      stockAvailable: r.stock,
      priceChanged,
      priceWhenAdded: { amountMinor: r.priceWhenAddedMinor, currency: r.addedCurrency },
    };
  });
  const subtotal = rows.reduce((s, r) => s + BigInt(r.priceMinor) * BigInt(r.quantity), 0n);
  return { cartId, customerId, conversationId, items, subtotal: { amountMinor: subtotal.toString(), currency }, warnings };
}

@Injectable()
export class ChangeCartUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: CustomerScope,
    private readonly carts: CartRepository,
  ) {}

  async get(cmd: CartCommand): Promise<CheckoutV1.Cart> {
    const m = this.dataSource.manager;
    const { tenantId, customerId } = await this.scope.resolve(m, cmd.tenantId, cmd.customerId);
    const conversationId = (cmd.conversationId ?? '').trim();
    const cartId = await this.carts.findCart(m, tenantId, customerId, conversationId);
    return toCartProto(cartId ?? '', customerId, conversationId, cartId ? await this.carts.lines(m, cartId) : []);
  }

  execute(cmd: CartCommand, change: CartChange): Promise<CheckoutV1.Cart> {
    return this.dataSource.transaction(async (m) => {
      const { tenantId, customerId } = await this.scope.resolve(m, cmd.tenantId, cmd.customerId);
      const conversationId = (cmd.conversationId ?? '').trim();
      if (!isUuid(change.productId)) throw new CheckoutException(CheckoutErrorCode.ProductNotFound, 'product_id must be a UUID of a catalog product');
      const productId = change.productId.toLowerCase();
      const cartId = await this.carts.ensureCart(m, tenantId, customerId, conversationId);
      if (change.op === 'remove') {
        if (!(await this.carts.removeItem(m, cartId, productId)))
          throw new CheckoutException(CheckoutErrorCode.ProductNotFound, `product ${productId} is not in the cart`);
      } else {
        await this.setQuantity(m, tenantId, cartId, productId, change);
      }
      return toCartProto(cartId, customerId, conversationId, await this.carts.lines(m, cartId));
    });
  }

  private async setQuantity(m: EntityManager, tenantId: string, cartId: string, productId: string, change: { op: 'add' | 'set'; quantity: number }) {
    if (!Number.isInteger(change.quantity) || change.quantity < (change.op === 'set' ? 0 : 1) || change.quantity > MAX_QUANTITY)
      throw new CheckoutException(CheckoutErrorCode.QuantityInvalid, `quantity must be a whole number from ${change.op === 'set' ? 0 : 1} to ${MAX_QUANTITY}`);
    const [product]: { name: string; price_minor: string; currency: string; stock: number }[] = await m.query(
      `SELECT name, price_minor, currency, stock FROM products WHERE tenant_id = $1 AND id = $2`,
      [tenantId, productId],
    );
    if (!product) throw new CheckoutException(CheckoutErrorCode.ProductNotFound, `product ${productId} is not in the catalog`);
    const current = (await this.carts.lines(m, cartId)).filter((l) => l.productId !== productId);
    const existing: { quantity: number }[] = await m.query(`SELECT quantity FROM cart_items WHERE cart_id = $1 AND product_id = $2`, [cartId, productId]);
    const quantity = change.op === 'add' ? (existing[0]?.quantity ?? 0) + change.quantity : change.quantity;
    if (quantity === 0) {
      await this.carts.removeItem(m, cartId, productId);
      return;
    }
    if (quantity > MAX_QUANTITY) throw new CheckoutException(CheckoutErrorCode.QuantityInvalid, `at most ${MAX_QUANTITY} of one product`);
    if (current.length && current[0].currency !== product.currency)
      throw new CheckoutException(CheckoutErrorCode.CurrencyMismatch, `${product.name} is priced in ${product.currency}, the cart is in ${current[0].currency}`);
    if (product.stock < quantity)
      throw new CheckoutException(CheckoutErrorCode.OutOfStock, product.stock === 0 ? `${product.name} is out of stock` : `only ${product.stock} of ${product.name} left`);
    await this.carts.setItem(m, cartId, productId, quantity, product.price_minor, product.currency);
  }
}
