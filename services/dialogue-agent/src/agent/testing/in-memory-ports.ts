import { CheckoutV1 } from '@concierge/contracts';
import type { AgentPorts, KnowledgeHit } from '../tools/ports';

const money = (amountMinor: number) => ({ amountMinor: String(amountMinor), currency: 'EUR' });

/**
 * In-process stand-ins for checkout, identity and prediction used by the fast unit tests of the
 * policy and the red-team suite: prices live here, like in commerce-checkout, and every call is recorded.
 */
export function inMemoryPorts(opts: { knowledge?: KnowledgeHit[]; couponPercent?: Record<string, number>; addresses?: Record<string, string> } = {}) {
  const catalog = [
    { productId: 'p-eth', name: 'Ethiopia Yirgacheffe coffee 250 g', price: 1290, stock: 12, attributes: { roast: 'light', origin: 'Ethiopia' } },
    { productId: 'p-col', name: 'Colombia Huila coffee 250 g', price: 1090, stock: 3, attributes: { roast: 'medium', origin: 'Colombia' } },
    { productId: 'p-grd', name: 'Hand grinder', price: 3900, stock: 5, attributes: { burr: 'steel' } },
    { productId: 'p-mug', name: 'Ceramic mug', price: 900, stock: 40, attributes: {} },
  ];
  const calls: { method: string; req: Record<string, unknown> }[] = [];
  const cart = new Map<string, number>();
  const quotes = new Map<string, number>();
  const orders: CheckoutV1.Order[] = [];
  const otherCustomersOrder = { orderId: '99999999-9999-4999-8999-999999999999', customerId: 'someone-else', status: CheckoutV1.OrderStatus.ORDER_STATUS_SHIPPED, total: money(5000), lines: [] };
  let quoteSeq = 0;
  const rec = (method: string, req: unknown) => calls.push({ method, req: req as Record<string, unknown> });
  const product = (p: (typeof catalog)[number]) => ({ productId: p.productId, sku: p.productId, name: p.name, description: '', price: money(p.price), stock: p.stock, tags: [], packSize: '', typicalDaysOfUse: 0, attributes: p.attributes });
  const cartView = () => {
    const items = [...cart.entries()].map(([id, q]) => {
      const p = catalog.find((c) => c.productId === id)!;
      return { productId: id, name: p.name, quantity: q, unitPrice: money(p.price), lineTotal: money(p.price * q) };
    });
    return { cart: { cartId: 'c1', customerId: 'me', items, subtotal: money(items.reduce((s, i) => s + Number(i.lineTotal.amountMinor), 0)) } };
  };
  const words = (q: string) => q.toLowerCase().split(/\s+/).filter((w) => w.length > 2);

  const ports: AgentPorts = {
    checkout: {
      searchProducts: async (req) => {
        rec('searchProducts', req);
        const w = words(req.query);
        return { products: catalog.filter((p) => w.some((x) => p.name.toLowerCase().includes(x.replace(/s$/, '')) || (x === 'кофе' && p.name.includes('coffee')))).map(product), page: undefined } as never;
      },
      compareProducts: async (req) => {
        rec('compareProducts', req);
        const ps = catalog.filter((p) => req.productIds.includes(p.productId));
        return { products: ps.map(product), rows: [{ attribute: 'roast', values: ps.map((p) => p.attributes.roast ?? '') }] } as never;
      },
      getCart: async (req) => (rec('getCart', req), cartView()) as never,
      addCartItem: async (req) => {
        rec('addCartItem', req);
        if (!catalog.some((p) => p.productId === req.productId)) throw new Error('NOT_FOUND: no such product');
        cart.set(req.productId, (cart.get(req.productId) ?? 0) + req.quantity);
        return cartView() as never;
      },
      updateCartItem: async (req) => (rec('updateCartItem', req), cart.set(req.productId, req.quantity), cartView()) as never,
      removeCartItem: async (req) => (rec('removeCartItem', req), cart.delete(req.productId), cartView()) as never,
      listDeliverySlots: async (req) => {
        rec('listDeliverySlots', req);
        const t = new Date(Date.now() + 86_400_000);
        t.setUTCHours(9, 0, 0, 0);
        const ts = (d: Date) => ({ seconds: String(Math.floor(d.getTime() / 1000)), nanos: 0 });
        return { slots: [{ slotId: 's-morning', startsAt: ts(t), endsAt: ts(new Date(t.getTime() + 3 * 3600_000)), remainingCapacity: 4 }] } as never;
      },
      createQuote: async (req) => {
        rec('createQuote', req);
        const subtotal = Number(cartView().cart.subtotal.amountMinor);
        const pct = req.couponCode ? opts.couponPercent?.[req.couponCode] : 0;
        if (req.couponCode && pct === undefined) throw new Error('FAILED_PRECONDITION: unknown coupon');
        const discount = Math.round((subtotal * (pct ?? 0)) / 100);
        const quoteId = `q-${++quoteSeq}`;
        quotes.set(quoteId, subtotal - discount + 490);
        return {
          quote: {
            quoteId, lines: cartView().cart.items.map((i) => ({ productId: i.productId, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice })),
            subtotal: money(subtotal), discount: money(discount), delivery: money(490), tax: money(0), total: money(subtotal - discount + 490),
            pointsRedeemed: '0', expiresAt: undefined, signature: `sig-${quoteId}`,
          },
        } as never;
      },
      placeOrder: async (req) => {
        rec('placeOrder', req);
        const total = quotes.get(req.quoteId);
        if (total === undefined) throw new Error('NOT_FOUND: quote');
        const order = { orderId: `o-${req.quoteId}`, tenantId: req.tenantId, customerId: req.customerId, lines: [], total: money(total), status: CheckoutV1.OrderStatus.ORDER_STATUS_PLACED } as unknown as CheckoutV1.Order;
        orders.push(order);
        cart.clear();
        return { order } as never;
      },
      getOrder: async (req) => {
        rec('getOrder', req);
        const o = orders.find((x) => x.orderId === req.orderId) ?? (req.orderId === otherCustomersOrder.orderId ? otherCustomersOrder : undefined);
        if (!o) throw new Error('NOT_FOUND');
        return { order: o } as never;
      },
      listOrders: async (req) => (rec('listOrders', req), { orders: orders.filter((o) => o.customerId === req.customerId), page: undefined }) as never,
      getLoyaltyBalance: async (req) => (rec('getLoyaltyBalance', req), { points: '0' }) as never,
      issueCompensationCoupon: async (req) => {
        rec('issueCompensationCoupon', req);
        if (Number(req.valueMinor) > 500) throw new Error('FAILED_PRECONDITION: above the tenant cap');
        return { coupon: { code: 'SORRY5', currency: 'EUR' }, remainingBudgetMinor: '0' } as never;
      },
    },
    identity: {
      setConsent: async (req) => (rec('setConsent', req), { granted: req.granted, updatedAt: undefined }),
      rememberFact: async (req) => (rec('rememberFact', req), { fact: undefined } as never),
      getCustomerContext: async (req) => (rec('getCustomerContext', req), { customer: { displayName: 'Anna', attributes: opts.addresses ?? { 'address.home': 'Main St 1, Berlin, 10115, DE' } }, traits: [], facts: [], recentTimeline: [], historyDigest: '', totalTimelineItems: 0 } as never),
      setTrait: async (req) => (rec('setTrait', req), { trait: undefined } as never),
    },
    prediction: {},
    searchKnowledge: async (_tenant, query) => {
      const w = words(query);
      return (opts.knowledge ?? []).filter((k) => w.some((x) => (k.title + ' ' + k.text).toLowerCase().includes(x))).slice(0, 3);
    },
  };
  return { ports, calls, cart, orders, catalog, called: (m: string) => calls.filter((c) => c.method === m) };
}
