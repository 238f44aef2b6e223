import { CheckoutV1, CommonV1, IdentityV1, toTimestamp } from '@concierge/contracts';
import { AgentState, parseAddress, ProductSnapshot, QuoteSnapshot, SavedAddress } from '../domain/agent-state';
import type { Language } from '../domain/language';
import { formatMoney, minor } from '../domain/money';
import type { AgentPorts } from './ports';
import { ToolName, toolsFor } from './tool-definitions';

export interface ToolCallRecord {
  name: string;
  arguments: Record<string, unknown>;
  result: unknown;
  ok: boolean;
  refusedReason?: string;
}

export interface TurnScope {
  tenantId: string;
  customerId: string;
  conversationId: string;
  language: Language;
  channelKind: CommonV1.ChannelKind;
  /** The customer turn this reply answers; the confirmation reference for an order. */
  customerTurnId: string;
  /** Set by the turn engine only when THIS customer message confirms the pending quote. */
  confirmedQuoteId?: string;
  allowCrossSell: boolean;
  /** From the tone policy: 0 outside calm mode; checkout enforces the tenant cap again. */
  maxCompensationMinor?: number;
  deadlineMs: number;
  quoteTtlMs: number;
  correlationId?: string;
  now: Date;
}

export class ToolRefused extends Error {}

const s = (v: unknown, max = 500): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const n = (v: unknown, lo: number, hi: number, fallback: number): number => {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.trunc(x))) : fallback;
};

/**
 * Executes the agent's tool calls for one turn, through the owning services, with the guards that
 * keep money safe whatever the caller (offline policy or LLM) asks: the customer id is always this
 * conversation's, prices only come back from checkout, and an order needs a confirmed quote.
 */
export class ToolBox {
  readonly calls: ToolCallRecord[] = [];
  /** Chunks the reply is based on (cited); every retrieved chunk stays in the tool call's result. */
  readonly knowledgeChunkIds: string[] = [];
  readonly retrievedChunkIds: string[] = [];
  readonly barriers: string[] = [];
  readonly quickReplies: CommonV1.QuickReply[] = [];
  handoffReason?: string;
  consentRevoked = false;

  constructor(
    private readonly ports: AgentPorts,
    readonly scope: TurnScope,
    readonly state: AgentState,
  ) {}

  cite(chunkId: string): void {
    if (chunkId && !this.knowledgeChunkIds.includes(chunkId)) this.knowledgeChunkIds.push(chunkId);
  }

  available(): ToolName[] {
    return toolsFor(this.scope).map((t) => t.name);
  }

  /** Runs one tool; failures and refusals are recorded and returned as `{ error }` (the loop continues). */
  async call(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const record: ToolCallRecord = { name, arguments: args, result: undefined, ok: false };
    this.calls.push(record);
    try {
      if (!this.available().includes(name as ToolName)) throw new ToolRefused(`tool ${name} is not available this turn`);
      record.result = await this.run(name as ToolName, args);
      record.ok = true;
      return record.result;
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      if (err instanceof ToolRefused) record.refusedReason = message;
      record.result = { error: message };
      return record.result;
    }
  }

  private get opts() {
    return { deadlineMs: this.scope.deadlineMs, correlationId: this.scope.correlationId };
  }

  private need<K extends keyof AgentPorts>(port: K, method: string): Required<AgentPorts>[K] {
    const p = this.ports[port] as unknown as Record<string, unknown>;
    if (typeof p?.[method] !== 'function') throw new Error(`${String(port)}.${method} is not available`);
    return this.ports[port] as Required<AgentPorts>[K];
  }

  private money(m: CommonV1.Money | undefined) {
    return { amount_minor: minor(m), currency: m?.currency ?? '', text: formatMoney(minor(m), m?.currency ?? '', this.scope.language) };
  }

  private async run(name: ToolName, a: Record<string, unknown>): Promise<unknown> {
    const { tenantId, customerId } = this.scope;
    switch (name) {
      case 'search_knowledge': {
        const hits = await this.ports.searchKnowledge(tenantId, s(a.query) || '', 3);
        hits.forEach((h) => !this.retrievedChunkIds.includes(h.id) && this.retrievedChunkIds.push(h.id));
        return { chunks: hits.map((h) => ({ chunk_id: h.id, title: h.title, text: h.text.slice(0, 1200), score: Number(h.score.toFixed(3)) })) };
      }
      case 'get_customer_context': {
        const ctx = await this.need('identity', 'getCustomerContext').getCustomerContext!({ tenantId, customerId, recentItems: 10 }, this.opts);
        const addresses: Record<string, SavedAddress> = {};
        for (const [key, value] of Object.entries(ctx.customer?.attributes ?? {})) {
          if (!key.startsWith('address.')) continue;
          const a = parseAddress(key.slice('address.'.length), value);
          if (a) addresses[a.addressId] = a;
        }
        this.state.addresses = addresses;
        return {
          addresses: Object.values(addresses).map((a) => ({ address_id: a.addressId, text: [a.line1, a.city].filter(Boolean).join(', ') })),
          name: ctx.customer?.displayName ?? '',
          locale: ctx.customer?.locale ?? '',
          traits: ctx.traits.map((t) => `${t.name}=${t.value}`).slice(0, 10),
          facts: ctx.facts.map((f) => `${f.subject}: ${f.fact}`).slice(0, 10),
          recent: ctx.recentTimeline.map((t) => t.text.slice(0, 200)).slice(-6),
          digest: ctx.historyDigest.slice(0, 600),
        };
      }
      case 'remember_fact': {
        const fact = s(a.fact, 300);
        if (!fact) throw new ToolRefused('fact is required');
        await this.need('identity', 'rememberFact').rememberFact!(
          { tenantId, customerId, subject: s(a.subject, 80) || 'note', fact, sourceTurnId: this.scope.customerTurnId, confidence: 0.8, expiresAt: undefined },
          this.opts,
        );
        return { remembered: true };
      }
      case 'search_products':
      case 'recommend_products': {
        const res = await this.need('checkout', 'searchProducts').searchProducts!({ tenantId, query: s(a.query, 200), tags: [], page: { pageSize: 5, pageToken: '' } }, this.opts);
        const products: ProductSnapshot[] = res.products.map((p) => ({ productId: p.productId, name: p.name, priceMinor: minor(p.price), currency: p.price?.currency ?? '', stock: p.stock }));
        if (name === 'search_products' && products.length) this.state.lastProducts = products.slice(0, 5);
        return {
          products: res.products.map((p) => ({
            product_id: p.productId, name: p.name, price: this.money(p.price), in_stock: p.stock, pack_size: p.packSize,
            description: p.description.slice(0, 300), attributes: p.attributes,
          })),
        };
      }
      case 'compare_products': {
        const ids = (Array.isArray(a.product_ids) ? a.product_ids : []).map((x) => s(x, 100)).filter(Boolean).slice(0, 4);
        if (ids.length < 2) throw new ToolRefused('compare needs 2 to 4 product ids');
        const res = await this.need('checkout', 'compareProducts').compareProducts!({ tenantId, productIds: ids }, this.opts);
        return {
          products: res.products.map((p) => ({ product_id: p.productId, name: p.name, price: this.money(p.price), in_stock: p.stock, pack_size: p.packSize })),
          rows: res.rows.map((r) => ({ attribute: r.attribute, values: r.values })),
        };
      }
      case 'get_cart': {
        const { cart } = await this.need('checkout', 'getCart').getCart!({ tenantId, customerId, conversationId: this.scope.conversationId }, this.opts);
        return this.cartView(cart);
      }
      case 'add_to_cart':
      case 'update_cart_item': {
        const productId = s(a.product_id, 100);
        if (!productId) throw new ToolRefused('product_id is required');
        const quantity = n(a.quantity, name === 'add_to_cart' ? 1 : 0, 50, 1);
        const req = { tenantId, customerId, productId, quantity, conversationId: this.scope.conversationId };
        const { cart } =
          name === 'add_to_cart'
            ? await this.need('checkout', 'addCartItem').addCartItem!(req, this.opts)
            : await this.need('checkout', 'updateCartItem').updateCartItem!(req, this.opts);
        this.invalidateQuote();
        return this.cartView(cart);
      }
      case 'remove_from_cart': {
        const { cart } = await this.need('checkout', 'removeCartItem').removeCartItem!({ tenantId, customerId, productId: s(a.product_id, 100), conversationId: this.scope.conversationId } as never, this.opts);
        this.invalidateQuote();
        return this.cartView(cart);
      }
      case 'list_delivery_slots': {
        const res = await this.need('checkout', 'listDeliverySlots').listDeliverySlots!({ tenantId, from: toTimestamp(this.scope.now), days: n(a.days, 1, 14, 3) }, this.opts);
        return {
          slots: res.slots
            .filter((x) => x.remainingCapacity > 0)
            .slice(0, 6)
            .map((x) => ({ slot_id: x.slotId, starts_at: tsIso(x.startsAt), ends_at: tsIso(x.endsAt), remaining: x.remainingCapacity })),
        };
      }
      case 'create_quote': {
        let points = a.points_to_redeem === 'all' || a.points_to_redeem === -1 ? -1 : n(a.points_to_redeem, 0, 10_000_000, 0);
        if (points === -1) {
          // "Use all my points": the balance from checkout, never a number from the conversation.
          const { points: balance } = await this.need('checkout', 'getLoyaltyBalance').getLoyaltyBalance!({ tenantId, customerId }, this.opts);
          points = Number(balance ?? 0);
        }
        const { quote } = await this.need('checkout', 'createQuote').createQuote!(
          {
            tenantId,
            customerId,
            couponCode: s(a.coupon_code, 40),
            pointsToRedeem: String(points),
            addressId: s(a.address_id, 100),
            slotId: s(a.slot_id, 100),
            conversationId: this.scope.conversationId,
            deliveryAddress: this.state.addresses?.[s(a.address_id, 100)],
          } as never,
          this.opts,
        );
        if (!quote) throw new Error('checkout returned no quote');
        const snap: QuoteSnapshot = {
          quoteId: quote.quoteId,
          totalMinor: minor(quote.total),
          currency: quote.total?.currency ?? '',
          discountMinor: minor(quote.discount),
          pointsRedeemed: Number(quote.pointsRedeemed ?? 0),
          expiresAt: tsIso(quote.expiresAt) || new Date(this.scope.now.getTime() + this.scope.quoteTtlMs).toISOString(),
          createdAt: this.scope.now.toISOString(),
          summary: quote.lines.map((l) => `${l.quantity}× ${l.name}`).join(', '),
          signature: quote.signature ?? '',
        };
        this.state.lastQuote = snap;
        return {
          quote_id: quote.quoteId,
          lines: quote.lines.map((l) => ({ name: l.name, quantity: l.quantity, unit_price: this.money(l.unitPrice) })),
          subtotal: this.money(quote.subtotal),
          discount: this.money(quote.discount),
          delivery: this.money(quote.delivery),
          tax: this.money(quote.tax),
          total: this.money(quote.total),
          points_redeemed: Number(quote.pointsRedeemed ?? 0),
        };
      }
      case 'request_confirmation': {
        const quoteId = s(a.quote_id, 100);
        const q = this.state.lastQuote;
        if (!q || q.quoteId !== quoteId) throw new ToolRefused('unknown quote: create_quote first');
        this.state.pendingQuote = q;
        const ru = this.scope.language === 'ru';
        this.quickReplies.push(
          { label: ru ? `Подтвердить ${formatMoney(q.totalMinor, q.currency, 'ru')}` : `Confirm ${formatMoney(q.totalMinor, q.currency, 'en')}`, payload: `confirm:${q.quoteId}` },
          { label: ru ? 'Отмена' : 'Cancel', payload: `cancel:${q.quoteId}` },
        );
        return { shown: true, quote_id: q.quoteId, total: formatMoney(q.totalMinor, q.currency, this.scope.language) };
      }
      case 'place_order': {
        const quoteId = s(a.quote_id, 100);
        const pending = this.state.pendingQuote;
        if (!pending || pending.quoteId !== quoteId) throw new ToolRefused('this quote was never shown to the customer for confirmation');
        if (this.scope.confirmedQuoteId !== quoteId) throw new ToolRefused('the customer has not explicitly confirmed this quote in this message');
        if (new Date(pending.expiresAt).getTime() < this.scope.now.getTime()) throw new ToolRefused('the quote has expired; create a new quote and ask again');
        const { order } = await this.need('checkout', 'placeOrder').placeOrder!(
          { tenantId, customerId, quoteId, idempotencyKey: `quote:${quoteId}`, confirmationRef: `turn:${this.scope.customerTurnId}`, quoteSignature: pending.signature ?? '' },
          this.opts,
        );
        this.state.pendingQuote = undefined;
        this.state.lastQuote = undefined;
        this.state.checkoutStarted = false;
        this.state.couponCode = undefined;
        this.state.points = undefined;
        this.state.placedQuotes = [...(this.state.placedQuotes ?? []), quoteId].slice(-20);
        if (order) this.state.lastOrderId = order.orderId;
        let payment = order?.payment;
        if (order && typeof this.ports.checkout.payOrder === 'function') {
          // Payment is a separate step at checkout; a failure here leaves a placed, unpaid order the customer can pay later.
          try {
            payment = (await this.ports.checkout.payOrder({ tenantId, orderId: order.orderId }, this.opts)).order?.payment ?? payment;
          } catch {
            /* reported through the order status */
          }
        }
        return {
          order_id: order?.orderId ?? '',
          status: orderStatusName(order?.status),
          total: this.money(order?.total),
          payment_url: payment?.paymentUrl ?? '',
          payment_status: String(payment?.status ?? '').replace('PAYMENT_STATUS_', '').toLowerCase(),
        };
      }
      case 'order_status': {
        const id = s(a.order_id, 100);
        if (id) {
          const { order } = await this.need('checkout', 'getOrder').getOrder!({ tenantId, orderId: id }, this.opts);
          // Another customer's order is not this customer's business.
          if (!order || order.customerId !== customerId) throw new ToolRefused('no such order for this customer');
          return { orders: [this.orderView(order)] };
        }
        const res = await this.need('checkout', 'listOrders').listOrders!({ tenantId, customerId, page: { pageSize: 3, pageToken: '' }, status: CheckoutV1.OrderStatus.ORDER_STATUS_UNSPECIFIED }, this.opts);
        return { orders: res.orders.filter((o) => o.customerId === customerId || !o.customerId).map((o) => this.orderView(o)) };
      }
      case 'handoff_to_human':
        this.handoffReason = s(a.reason, 300) || 'assistant handed over';
        return { handed_off: true };
      case 'record_barrier': {
        const kind = s(a.kind, 60).toLowerCase().replace(/[^a-z0-9:_-]/g, '_');
        if (!kind) throw new ToolRefused('kind is required');
        const detail = s(a.detail, 120);
        const b = detail ? `${kind}:${detail}` : kind;
        if (!this.barriers.includes(b)) this.barriers.push(b);
        return { recorded: true };
      }
      case 'schedule_follow_up': {
        const days = n(a.after_days, 1, 90, 3);
        const due = new Date(this.scope.now.getTime() + days * 86_400_000);
        await this.need('identity', 'rememberFact').rememberFact!(
          { tenantId, customerId, subject: 'follow_up', fact: `${s(a.topic, 200) || 'check in'} (due ${due.toISOString().slice(0, 10)})`, sourceTurnId: this.scope.customerTurnId, confidence: 1, expiresAt: toTimestamp(new Date(due.getTime() + 14 * 86_400_000)) },
          this.opts,
        );
        return { scheduled_for: due.toISOString() };
      }
      case 'offer_compensation': {
        const cap = this.scope.maxCompensationMinor ?? 0;
        if (cap <= 0) throw new ToolRefused('compensation is only offered in calm mode, within the tenant cap');
        const value = Math.min(n(a.value_minor, 0, 10_000_000, cap), cap);
        const res = await this.need('checkout', 'issueCompensationCoupon').issueCompensationCoupon!(
          { tenantId, customerId, valueMinor: String(value), currency: s(a.currency, 3), reason: s(a.reason, 200) || 'service recovery', idempotencyKey: `comp:${this.scope.conversationId}`, validDays: 30 } as never,
          this.opts,
        );
        return { code: res.coupon?.code ?? '', value: this.money({ amountMinor: String(value), currency: res.coupon?.currency ?? '' }) };
      }
      case 'set_consent': {
        const granted = a.granted === true;
        await this.need('identity', 'setConsent').setConsent!(
          { tenantId, customerId, purpose: IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, granted, source: `chat:${this.scope.customerTurnId}` },
          this.opts,
        );
        if (!granted) this.consentRevoked = true;
        return { granted };
      }
    }
  }

  private invalidateQuote() {
    this.state.pendingQuote = undefined;
    this.state.lastQuote = undefined;
  }

  private cartView(cart: { items: { productId: string; name: string; quantity: number; unitPrice?: CommonV1.Money; lineTotal?: CommonV1.Money }[]; subtotal?: CommonV1.Money } | undefined) {
    return {
      items: (cart?.items ?? []).map((i) => ({ product_id: i.productId, name: i.name, quantity: i.quantity, unit_price: this.money(i.unitPrice), line_total: this.money(i.lineTotal) })),
      subtotal: this.money(cart?.subtotal),
    };
  }

  private orderView(o: CheckoutV1.Order) {
    return {
      order_id: o.orderId,
      status: orderStatusName(o.status),
      total: this.money(o.total),
      placed_at: tsIso(o.placedAt),
      items: o.lines.map((l) => `${l.quantity}× ${l.name}`).join(', '),
    };
  }
}

export function tsIso(ts: { seconds: string | number; nanos: number } | undefined): string {
  if (!ts) return '';
  return new Date(Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

export const orderStatusName = (s: CheckoutV1.OrderStatus | string | undefined): string =>
  String(s ?? 'ORDER_STATUS_UNSPECIFIED').replace('ORDER_STATUS_', '').toLowerCase();
