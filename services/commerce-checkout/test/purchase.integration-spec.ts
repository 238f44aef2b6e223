import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckoutV1, Events, ServiceProtos, Topics, toTimestamp } from '@concierge/contracts';
import { UnaryClient } from '@concierge/grpc';
import { eventually, FakeStripe, readTopic, startTestService, TestEventPublisher, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';
import { SweepExpiredUseCase } from '../src/orders/use-cases/sweep-expired.use-case';

const TENANT = 'shop';
const FulfilmentMethod = CheckoutV1.FulfilmentMethod;
const OrderStatus = CheckoutV1.OrderStatus;
const PaymentStatus = CheckoutV1.PaymentStatus;

const product = (sku: string, name: string, priceMinor: number, over: Partial<CheckoutV1.Product> = {}): CheckoutV1.Product => ({
  productId: '', sku, name, description: '', price: { amountMinor: String(priceMinor), currency: 'EUR' }, stock: 10, tags: ['coffee'],
  packSize: '250 g', typicalDaysOfUse: 14, attributes: {}, variantOfSku: '', ...over,
});

const ADDRESS: CheckoutV1.Address = { addressId: 'home', recipient: 'Ada', line1: '1 Bean Street', line2: '', city: 'Berlin', postalCode: '10115', country: 'DE', phone: '' };

describe('commerce-checkout purchase (real Postgres, Kafka, gRPC; Stripe wire format from fake-stripe)', () => {
  let service: TestService;
  let checkout: UnaryClient<CheckoutV1.CheckoutServiceClient>;
  let stripe: FakeStripe;
  let db: DataSource;
  let prefix: string;
  let events: TestEventPublisher;
  const ids: Record<string, string> = {};

  const rejects = (p: Promise<unknown>, code: number, errorCode: string) => expect(p).rejects.toMatchObject({ code, errorCode });
  const createIntents = () => stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
  const stockOf = async (sku: string) => (await checkout.getProduct({ tenantId: TENANT, productId: ids[sku] })).product!.stock;
  const quoteFor = (customerId: string, over: Partial<CheckoutV1.CreateQuoteRequest> = {}) =>
    checkout.createQuote({
      tenantId: TENANT, customerId, couponCode: '', pointsToRedeem: '0', addressId: 'home', slotId: '', conversationId: '', fulfilment: FulfilmentMethod.FULFILMENT_METHOD_DELIVERY,
      deliveryAddress: ADDRESS, storeId: '', couponCodes: [], ...over,
    });
  const place = (customerId: string, quote: CheckoutV1.Quote, key: string = randomUUID(), over: Partial<CheckoutV1.PlaceOrderRequest> = {}) =>
    checkout.placeOrder({ tenantId: TENANT, customerId, quoteId: quote.quoteId, idempotencyKey: key, confirmationRef: 'turn-1', quoteSignature: quote.signature, ...over });
  const add = (customerId: string, sku: string, quantity = 1, conversationId = '') =>
    checkout.addCartItem({ tenantId: TENANT, customerId, productId: ids[sku], quantity, conversationId });
  const order = async (orderId: string) => (await checkout.getOrder({ tenantId: TENANT, orderId })).order!;

  beforeAll(async () => {
    stripe = await new FakeStripe().start();
    prefix = testTopicPrefix('purchase');
    service = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix,
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_API_BASE: stripe.baseUrl,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      QUOTE_SIGNING_KEY: 'purchase-test-signing-key-0123456789',
      TAX_RATE_BPS: '1000',
      DELIVERY_FEE_MINOR: '490',
      FREE_DELIVERY_FROM_MINOR: '5000',
      LOYALTY_EARN_BPS: '1000',
      LOYALTY_MAX_REDEEM_BPS: '5000',
      FOLLOW_UP_AFTER_DAYS: '0.00001',
      SWEEP_INTERVAL_MS: '300',
      COMPENSATION_MAX_COUPON_MINOR: '500',
      COMPENSATION_BUDGET_MINOR: '800',
    });
    stripe.webhookUrl = `${service.httpUrl}/v1/payments/stripe/webhook`;
    checkout = service.client<CheckoutV1.CheckoutServiceClient>(ServiceProtos.checkout);
    db = service.app.get(DataSource);
    events = new TestEventPublisher(prefix);
    await checkout.upsertProducts({
      tenantId: TENANT,
      products: [
        product('ETH', 'Ethiopia Yirgacheffe beans', 1290, { attributes: { roast: 'light', origin: 'Ethiopia' } }),
        product('BRA', 'Brazil Cerrado beans 1 kg', 3400, { packSize: '1 kg', typicalDaysOfUse: 60, attributes: { roast: 'dark', origin: 'Brazil' } }),
        product('V60', 'V60 dripper', 2490, { tags: ['brewing'], packSize: '1 pc', typicalDaysOfUse: 0, stock: 2 }),
      ],
    });
    for (const p of (await checkout.searchProducts({ tenantId: TENANT, query: '', tags: [], page: undefined })).products) ids[p.sku] = p.productId;
    const tomorrow = new Date(Date.now() + 86_400_000);
    await checkout.upsertDeliverySlots({
      tenantId: TENANT,
      slots: [
        { slotId: 'morning', startsAt: toTimestamp(tomorrow), endsAt: toTimestamp(new Date(tomorrow.getTime() + 7_200_000)), remainingCapacity: 0, capacity: 5 },
        { slotId: 'tiny', startsAt: toTimestamp(tomorrow), endsAt: toTimestamp(new Date(tomorrow.getTime() + 3_600_000)), remainingCapacity: 0, capacity: 1 },
      ],
    });
    const promo = (code: string, kind: CheckoutV1.DiscountKind, value: string, over: Partial<CheckoutV1.Promotion> = {}) =>
      checkout.upsertPromotion({
        tenantId: TENANT,
        promotion: { code, kind, value, currency: 'EUR', minSubtotalMinor: '0', productIds: [], tags: [], startsAt: undefined, expiresAt: undefined, perCustomerLimit: 0, totalLimit: 0, stackable: false, customerId: '', timesUsed: 0, description: '', ...over },
      });
    await promo('WELCOME10', CheckoutV1.DiscountKind.DISCOUNT_KIND_PERCENT, '1000', { perCustomerLimit: 1, minSubtotalMinor: '2000' });
    await promo('BEANS2', CheckoutV1.DiscountKind.DISCOUNT_KIND_FIXED, '200', { tags: ['coffee'], stackable: true });
    await promo('GEAR5', CheckoutV1.DiscountKind.DISCOUNT_KIND_FIXED, '500', { tags: ['brewing'], stackable: true });
    await promo('OLD', CheckoutV1.DiscountKind.DISCOUNT_KIND_FIXED, '100', { expiresAt: toTimestamp(new Date(Date.now() - 1000)) });
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
    await stripe?.stop();
  });

  it('compares coffees for the rational shopper: pack, price per 100 g and per day of use', async () => {
    const { rows } = await checkout.compareProducts({ tenantId: TENANT, productIds: [ids.ETH, ids.BRA] });
    const row = (name: string) => rows.find((r) => r.attribute === name)?.values;
    expect(row('pack_size')).toEqual(['250 g', '1 kg']);
    expect(row('price_per_unit')).toEqual(['516 EUR minor per 100 g', '340 EUR minor per 100 g']);
    expect(row('price_per_day_of_use')).toEqual(['92 EUR minor per day', '57 EUR minor per day']);
    expect(row('roast')).toEqual(['light', 'dark']);
    await rejects(checkout.compareProducts({ tenantId: TENANT, productIds: [ids.ETH] }), status.INVALID_ARGUMENT, 'PRODUCT_INVALID');
  });

  it('buys once: coupon, address and slot, a signed quote, one order and one charge however often the confirmation is retried', async () => {
    const customer = randomUUID();
    await add(customer, 'ETH', 1, 'conv-1');
    await checkout.updateCartItem({ tenantId: TENANT, customerId: customer, productId: ids.ETH, quantity: 2, conversationId: 'conv-1' });
    await add(customer, 'V60', 1, 'conv-1');
    let { cart } = await checkout.removeCartItem({ tenantId: TENANT, customerId: customer, productId: ids.V60, conversationId: 'conv-1' });
    ({ cart } = await add(customer, 'BRA', 1, 'conv-1'));
    expect(cart!.subtotal).toEqual({ amountMinor: String(2 * 1290 + 3400), currency: 'EUR' });
    // The default cart of the same customer is a different cart.
    expect((await checkout.getCart({ tenantId: TENANT, customerId: customer, conversationId: '' })).cart!.items).toEqual([]);

    const { quote } = await quoteFor(customer, { conversationId: 'conv-1', couponCode: 'welcome10', slotId: 'morning' });
    // 5980 subtotal, 10 % off = 598, free delivery from 50.00 (5382 ≥ 5000), tax 10 % of 5382 = 538.
    expect(quote).toMatchObject({
      subtotal: { amountMinor: '5980' }, discount: { amountMinor: '598' }, delivery: { amountMinor: '0' }, tax: { amountMinor: '538' }, total: { amountMinor: '5920', currency: 'EUR' },
      couponCodes: ['WELCOME10'], slotId: 'morning', pointsToEarn: '592',
    });
    expect(quote!.signature).toMatch(/^[\w-]{43}$/);
    const slots = async () => (await checkout.listDeliverySlots({ tenantId: TENANT, from: undefined, days: 3 })).slots.find((s) => s.slotId === 'morning')!;
    expect((await slots()).remainingCapacity).toBe(4);

    await rejects(place(customer, quote!, randomUUID(), { confirmationRef: '' }), status.FAILED_PRECONDITION, 'CONFIRMATION_REQUIRED');
    await rejects(place(customer, quote!, randomUUID(), { quoteSignature: quote!.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }), status.PERMISSION_DENIED, 'QUOTE_TAMPERED');
    await rejects(place(randomUUID(), quote!), status.NOT_FOUND, 'QUOTE_NOT_FOUND');

    const key = `confirm-${randomUUID()}`;
    const [first, second] = await Promise.all([place(customer, quote!, key), place(customer, quote!, key)]);
    const third = await place(customer, quote!, key);
    expect(second.order!.orderId).toBe(first.order!.orderId);
    expect(third.order!.orderId).toBe(first.order!.orderId);
    const orderId = first.order!.orderId;
    expect(first.order).toMatchObject({ status: OrderStatus.ORDER_STATUS_PLACED, total: { amountMinor: '5920' }, couponCodes: ['WELCOME10'], conversationId: 'conv-1' });
    expect(third.order!.payment).toMatchObject({ provider: 'stripe', status: PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION });
    expect(third.order!.payment!.clientSecret).toMatch(/^pi_\w+_secret_/);
    expect(third.order!.payment!.paymentUrl).toContain(`/v1/pay/${orderId}?t=`);
    // One PaymentIntent at Stripe, created with an Idempotency-Key derived from the order, for the server's total.
    expect(stripe.intentsForOrder(orderId)).toHaveLength(1);
    expect(stripe.intentsForOrder(orderId)[0]).toMatchObject({ amount: 5920, currency: 'eur' });
    expect(new Set(createIntents().filter((r) => r.params.metadata && (r.params.metadata as Record<string, string>).order_id === orderId).map((r) => r.idempotencyKey))).toEqual(new Set([`concierge-order-${orderId}-payment`]));

    // The payment link (channels without in-chat payment) shows the server's total; a forged token shows nothing.
    const page = await fetch(third.order!.payment!.paymentUrl.replace('http://localhost:8084', service.httpUrl));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('59.20 EUR');
    expect((await fetch(`${service.httpUrl}/v1/pay/${orderId}?t=forged`)).status).toBe(404);

    await rejects(place(customer, quote!, `other-${randomUUID()}`), status.ALREADY_EXISTS, 'QUOTE_ALREADY_ORDERED');
    await add(customer, 'ETH', 1);
    const { quote: other } = await quoteFor(customer);
    await rejects(place(customer, other!, key), status.INVALID_ARGUMENT, 'IDEMPOTENCY_KEY_REUSED');

    expect(await stockOf('ETH')).toBe(8);
    expect(await stockOf('BRA')).toBe(9);
    expect((await slots()).remainingCapacity).toBe(4);
    expect((await checkout.getCart({ tenantId: TENANT, customerId: customer, conversationId: 'conv-1' })).cart!.items).toEqual([]);

    // The customer pays in the widget (Stripe.js confirms the PaymentIntent); Stripe's signed webhook marks the order paid.
    await stripe.confirm(third.order!.payment!.providerPaymentId);
    await eventually(async () => (await order(orderId)).status === OrderStatus.ORDER_STATUS_PAID, 'order paid by webhook');
    expect(await order(orderId)).toMatchObject({ pointsEarned: '592', payment: { status: PaymentStatus.PAYMENT_STATUS_SUCCEEDED, clientSecret: '' } });
    expect((await checkout.getLoyaltyBalance({ tenantId: TENANT, customerId: customer })).points).toBe('592');
    // A replayed webhook changes nothing.
    stripe.sendEvent('payment_intent.succeeded', stripe.intentsForOrder(orderId)[0]);
    await stripe.webhooksSettled();
    expect((await checkout.getLoyaltyBalance({ tenantId: TENANT, customerId: customer })).points).toBe('592');

    const placed = await readTopic(prefix + Topics.checkoutOrderPlaced, (r) => r.some((x) => x.value.includes(orderId)));
    const event = Events.orderPlaced.codec.fromJSON(JSON.parse(placed.find((x) => x.value.includes(orderId))!.value));
    expect(event.order).toMatchObject({ orderId, customerId: customer, total: { amountMinor: '5920' } });
    expect(event.order!.lines.map((l) => l.productId).sort()).toEqual([ids.ETH, ids.BRA].sort());

    for (const s of [OrderStatus.ORDER_STATUS_SHIPPED, OrderStatus.ORDER_STATUS_DELIVERED])
      await checkout.updateOrderStatus({ tenantId: TENANT, orderId, status: s, reason: 'carrier' });
    expect((await order(orderId)).followUpDueAt).toBeDefined();
    const due = await readTopic(prefix + Topics.checkoutFollowUpDue, (r) => r.some((x) => x.value.includes(orderId)));
    expect(Events.followUpDue.codec.fromJSON(JSON.parse(due[0].value))).toMatchObject({ orderId, customerId: customer, conversationId: 'conv-1', kind: 'first_use_check' });
    const changes = await readTopic(prefix + Topics.checkoutOrderStatusChanged, (r) => r.filter((x) => x.value.includes(orderId)).length >= 3);
    expect(changes.map((c) => Events.orderStatusChanged.codec.fromJSON(JSON.parse(c.value))).filter((c) => c.orderId === orderId).map((c) => c.status)).toEqual([
      OrderStatus.ORDER_STATUS_PAID, OrderStatus.ORDER_STATUS_SHIPPED, OrderStatus.ORDER_STATUS_DELIVERED,
    ]);
    await rejects(checkout.updateOrderStatus({ tenantId: TENANT, orderId, status: OrderStatus.ORDER_STATUS_SHIPPED, reason: '' }), status.FAILED_PRECONDITION, 'STATUS_TRANSITION_INVALID');

    // The coupon was for one use per customer.
    await rejects(quoteFor(customer, { couponCode: 'WELCOME10' }), status.FAILED_PRECONDITION, 'COUPON_NOT_APPLICABLE');

    // Points: at most half of the discounted subtotal; each movement is on the ledger.
    await add(customer, 'BRA', 1);
    await rejects(quoteFor(customer, { pointsToRedeem: '600' }), status.FAILED_PRECONDITION, 'POINTS_INSUFFICIENT');
    const { quote: withPoints } = await quoteFor(customer, { pointsToRedeem: '500' });
    expect(withPoints).toMatchObject({ subtotal: { amountMinor: '4690' }, pointsRedeemed: '500', delivery: { amountMinor: '490' }, tax: { amountMinor: '468' }, total: { amountMinor: '5148' } });
    const paidWithPoints = (await place(customer, withPoints!)).order!;
    expect((await checkout.getLoyaltyBalance({ tenantId: TENANT, customerId: customer })).points).toBe('92');
    await checkout.updateOrderStatus({ tenantId: TENANT, orderId: paidWithPoints.orderId, status: OrderStatus.ORDER_STATUS_CANCELLED, reason: 'customer changed mind' });
    expect((await checkout.getLoyaltyBalance({ tenantId: TENANT, customerId: customer })).points).toBe('592');
    expect(await stockOf('ETH')).toBe(8);
    const ledger = await checkout.listLoyaltyMovements({ tenantId: TENANT, customerId: customer });
    expect(ledger.movements.map((mv) => [mv.kind, mv.points, mv.balanceAfter])).toEqual([['earn', '592', '592'], ['redeem', '-500', '92'], ['refund_return', '500', '592']]);
  });

  it('ignores any price the caller tries to set: the charge is the catalog price', async () => {
    const customer = randomUUID();
    await checkout.addCartItem({ tenantId: TENANT, customerId: customer, productId: ids.ETH, quantity: 1, conversationId: '', unitPrice: { amountMinor: '1', currency: 'EUR' }, price: { amountMinor: '1' } } as CheckoutV1.AddCartItemRequest);
    const { quote } = await quoteFor(customer, { total: { amountMinor: '1', currency: 'EUR' }, discount: { amountMinor: '99999', currency: 'EUR' } } as Partial<CheckoutV1.CreateQuoteRequest>);
    const { order: o } = await place(customer, quote!, randomUUID(), { total: { amountMinor: '1' } } as Partial<CheckoutV1.PlaceOrderRequest>);
    expect(quote!.subtotal!.amountMinor).toBe('1290');
    expect(stripe.intentsForOrder(o!.orderId)[0].amount).toBe(Number(quote!.total!.amountMinor));
    expect(Number(quote!.total!.amountMinor)).toBe(1290 + 490 + 178);
  });

  it('keeps the quote honest: live price changes are flagged, expired quotes refused, sold-out stock refused', async () => {
    const customer = randomUUID();
    await add(customer, 'V60', 2);
    await checkout.upsertProducts({ tenantId: TENANT, products: [product('V60', 'V60 dripper', 2690, { tags: ['brewing'], packSize: '1 pc', typicalDaysOfUse: 0, stock: 2 })] });
    const { cart } = await checkout.getCart({ tenantId: TENANT, customerId: customer, conversationId: '' });
    expect(cart!.items[0]).toMatchObject({ priceChanged: true, unitPrice: { amountMinor: '2690' }, priceWhenAdded: { amountMinor: '2490' } });
    expect(cart!.warnings.join()).toContain('price changed');
    await rejects(add(customer, 'V60', 1), status.FAILED_PRECONDITION, 'OUT_OF_STOCK');

    const { quote } = await quoteFor(customer);
    await db.query(`UPDATE quotes SET expires_at = now() - interval '1 second' WHERE id = $1`, [quote!.quoteId]);
    await rejects(place(customer, quote!), status.FAILED_PRECONDITION, 'QUOTE_EXPIRED');

    const { quote: fresh } = await quoteFor(customer);
    await checkout.upsertProducts({ tenantId: TENANT, products: [product('V60', 'V60 dripper', 2690, { tags: ['brewing'], packSize: '1 pc', typicalDaysOfUse: 0, stock: 1 })] });
    await rejects(place(customer, fresh!), status.FAILED_PRECONDITION, 'OUT_OF_STOCK');
    expect(await stockOf('V60')).toBe(1);
    await db.query(`UPDATE quotes SET body = jsonb_set(body, '{totalMinor}', '"1"') WHERE id = $1`, [fresh!.quoteId]);
    await rejects(place(customer, fresh!, randomUUID(), { quoteSignature: '' }), status.PERMISSION_DENIED, 'QUOTE_TAMPERED');
  });

  it('holds slot capacity for the life of a quote and releases it when the quote lapses', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await add(a, 'ETH');
    await add(b, 'ETH');
    const { quote } = await quoteFor(a, { slotId: 'tiny' });
    await rejects(quoteFor(b, { slotId: 'tiny' }), status.FAILED_PRECONDITION, 'SLOT_FULL');
    await db.query(`UPDATE slot_holds SET expires_at = now() - interval '1 second' WHERE quote_id = $1`, [quote!.quoteId]);
    const { quote: bQuote } = await quoteFor(b, { slotId: 'tiny' });
    await place(b, bQuote!);
    await db.query(`UPDATE quotes SET expires_at = now() + interval '1 minute' WHERE id = $1`, [quote!.quoteId]);
    await rejects(place(a, quote!), status.FAILED_PRECONDITION, 'SLOT_FULL');
    await rejects(quoteFor(a, { deliveryAddress: undefined }), status.INVALID_ARGUMENT, 'ADDRESS_REQUIRED');
    // The address as identity keeps it (attribute address.home, free text) is enough.
    const { quote: freeText } = await quoteFor(a, { deliveryAddress: { addressId: 'home', recipient: '', line1: 'Ada Lovelace, 1 Bean Street, 10115 Berlin', line2: '', city: '', postalCode: '', country: '', phone: '' } });
    expect(freeText!.deliveryAddress).toMatchObject({ addressId: 'home', line1: 'Ada Lovelace, 1 Bean Street, 10115 Berlin' });
    // An empty customer_id lists the tenant's orders (prediction's backfill).
    const all = await checkout.listOrders({ tenantId: TENANT, customerId: '', page: { pageSize: 100, pageToken: '' }, status: OrderStatus.ORDER_STATUS_UNSPECIFIED });
    expect(all.orders.map((o) => o.customerId)).toEqual(expect.arrayContaining([b]));
  });

  it('stacks only stackable coupons, best single one otherwise, and refuses expired or unknown codes', async () => {
    const customer = randomUUID();
    await add(customer, 'BRA');
    await checkout.upsertProducts({ tenantId: TENANT, products: [product('V60', 'V60 dripper', 2690, { tags: ['brewing'], packSize: '1 pc', typicalDaysOfUse: 0, stock: 5 })] });
    await add(customer, 'V60');
    const stacked = (await quoteFor(customer, { couponCodes: ['BEANS2', 'GEAR5'] })).quote!;
    expect(stacked).toMatchObject({ discount: { amountMinor: '700' }, couponCodes: ['BEANS2', 'GEAR5'] });
    // 10 % of 6090 = 609 beats the stackable 200 alone, but not 200 + 500 together.
    expect((await quoteFor(customer, { couponCodes: ['BEANS2', 'GEAR5', 'WELCOME10'] })).quote).toMatchObject({ discount: { amountMinor: '700' }, couponCodes: ['BEANS2', 'GEAR5'] });
    expect((await quoteFor(customer, { couponCodes: ['BEANS2', 'WELCOME10'] })).quote).toMatchObject({ discount: { amountMinor: '609' }, couponCodes: ['WELCOME10'] });
    await rejects(quoteFor(customer, { couponCode: 'OLD' }), status.FAILED_PRECONDITION, 'COUPON_NOT_APPLICABLE');
    await rejects(quoteFor(customer, { couponCode: 'NOPE' }), status.NOT_FOUND, 'COUPON_NOT_FOUND');
  });

  it('issues compensation coupons within the tenant cap, once per key', async () => {
    const customer = randomUUID();
    const issue = (value: string, key: string) => checkout.issueCompensationCoupon({ tenantId: TENANT, customerId: customer, valueMinor: value, currency: 'EUR', reason: 'late delivery', idempotencyKey: key, validDays: 7 });
    const first = await issue('400', 'calm-1');
    expect(first.coupon).toMatchObject({ kind: CheckoutV1.DiscountKind.DISCOUNT_KIND_FIXED, value: '400', customerId: customer, perCustomerLimit: 1 });
    expect((await issue('400', 'calm-1')).coupon!.code).toBe(first.coupon!.code);
    expect(first.remainingBudgetMinor).toBe('400');
    await rejects(issue('600', 'calm-2'), status.FAILED_PRECONDITION, 'COMPENSATION_OVER_CAP');
    await rejects(issue('500', 'calm-3'), status.FAILED_PRECONDITION, 'COMPENSATION_OVER_CAP');
    await add(customer, 'ETH');
    expect((await quoteFor(customer, { couponCode: first.coupon!.code })).quote!.discount!.amountMinor).toBe('400');
    const stranger = randomUUID();
    await add(stranger, 'ETH');
    await rejects(quoteFor(stranger, { couponCode: first.coupon!.code }), status.FAILED_PRECONDITION, 'COUPON_NOT_APPLICABLE');
  });

  it('never double-charges: declined card, lost Stripe answers and retried payments reach one PaymentIntent', async () => {
    const customer = randomUUID();
    await add(customer, 'ETH');
    stripe.failNextCreates(1, 500, true);
    const { order: o } = await place(customer, (await quoteFor(customer)).quote!);
    expect(stripe.intentsForOrder(o!.orderId)).toHaveLength(1);
    const pi = o!.payment!.providerPaymentId;
    await expect(stripe.confirm(pi, 'pm_card_chargeDeclined')).resolves.toMatchObject({ error: { code: 'card_declined' } });
    await eventually(async () => (await order(o!.orderId)).payment!.status === PaymentStatus.PAYMENT_STATUS_FAILED, 'failure recorded');
    expect((await order(o!.orderId)).payment!.failureReason).toContain('declined');
    const retried = (await checkout.payOrder({ tenantId: TENANT, orderId: o!.orderId })).order!;
    expect(retried.payment).toMatchObject({ providerPaymentId: pi, status: PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION });
    await stripe.confirm(pi);
    await eventually(async () => (await order(o!.orderId)).status === OrderStatus.ORDER_STATUS_PAID, 'paid after retry');
    expect(stripe.intentsForOrder(o!.orderId).filter((x) => x.status === 'succeeded')).toHaveLength(1);

    const other = randomUUID();
    await add(other, 'ETH');
    stripe.failNextCreates(3, 503);
    const { order: unpaid } = await place(other, (await quoteFor(other)).quote!);
    expect(unpaid!.payment!.failureReason).toContain('unavailable');
    expect(stripe.intentsForOrder(unpaid!.orderId)).toHaveLength(0);
    const { order: repaid } = await checkout.payOrder({ tenantId: TENANT, orderId: unpaid!.orderId });
    await checkout.payOrder({ tenantId: TENANT, orderId: unpaid!.orderId });
    expect(stripe.intentsForOrder(unpaid!.orderId)).toHaveLength(1);
    expect(repaid!.payment!.status).toBe(PaymentStatus.PAYMENT_STATUS_REQUIRES_ACTION);

    // Refund of a paid order goes to Stripe once, with the order's refund key.
    await checkout.updateOrderStatus({ tenantId: TENANT, orderId: o!.orderId, status: OrderStatus.ORDER_STATUS_CANCELLED, reason: 'customer' });
    expect(await order(o!.orderId)).toMatchObject({ status: OrderStatus.ORDER_STATUS_REFUNDED, payment: { status: PaymentStatus.PAYMENT_STATUS_REFUNDED } });
    expect(stripe.refunds.filter((r) => r.payment_intent === pi)).toHaveLength(1);
  });

  it('answers a webhook with a bad signature 400 and changes nothing', async () => {
    const res = await fetch(`${service.httpUrl}/v1/payments/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
      body: JSON.stringify({ id: 'evt_x', type: 'payment_intent.succeeded', data: { object: { id: 'pi_x', metadata: { order_id: randomUUID() } } } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
  });

  it('reserves items to try on in store until the reservation lapses, then puts them back', async () => {
    const customer = randomUUID();
    await add(customer, 'BRA', 2);
    const before = await stockOf('BRA');
    const { quote } = await quoteFor(customer, { fulfilment: FulfilmentMethod.FULFILMENT_METHOD_TRY_ON, deliveryAddress: undefined, storeId: 'mitte' });
    expect(quote).toMatchObject({ delivery: { amountMinor: '0' }, pointsToEarn: '0' });
    const { order: o } = await place(customer, quote!);
    expect(o).toMatchObject({ fulfilment: FulfilmentMethod.FULFILMENT_METHOD_TRY_ON, payment: { status: PaymentStatus.PAYMENT_STATUS_NOT_REQUIRED, paymentUrl: '' } });
    expect(o!.reservedUntil).toBeDefined();
    expect(await stockOf('BRA')).toBe(before - 2);
    await rejects(checkout.payOrder({ tenantId: TENANT, orderId: o!.orderId }), status.FAILED_PRECONDITION, 'PAYMENT_NOT_REQUIRED');
    await db.query(`UPDATE orders SET reserved_until = now() - interval '1 second' WHERE id = $1`, [o!.orderId]);
    await service.app.get(SweepExpiredUseCase).execute();
    expect((await order(o!.orderId)).status).toBe(OrderStatus.ORDER_STATUS_CANCELLED);
    expect(await stockOf('BRA')).toBe(before);
  });

  it('moves carts, orders and points to the survivor of a merge; erasure anonymizes orders but keeps their totals', async () => {
    const [survivor, merged] = [randomUUID(), randomUUID()];
    await add(merged, 'ETH');
    const { order: o } = await place(merged, (await quoteFor(merged)).quote!);
    await stripe.confirm(o!.payment!.providerPaymentId);
    await eventually(async () => (await order(o!.orderId)).status === OrderStatus.ORDER_STATUS_PAID, 'paid');
    await add(merged, 'BRA');
    await add(survivor, 'BRA');
    await events.publish(Events.customerMerged, Events.customerMerged.codec.fromJSON({ tenantId: TENANT, mergeId: randomUUID(), survivorCustomerId: survivor, mergedCustomerId: merged, reason: 'same phone', mergedAt: new Date().toISOString() }), { key: survivor, tenantId: TENANT });
    await eventually(async () => (await checkout.listOrders({ tenantId: TENANT, customerId: survivor, page: undefined, status: OrderStatus.ORDER_STATUS_UNSPECIFIED })).orders.length === 1, 'orders moved');
    expect((await checkout.getLoyaltyBalance({ tenantId: TENANT, customerId: survivor })).points).toBe(String(Math.floor(Number(o!.total!.amountMinor) / 10)));
    expect((await checkout.getCart({ tenantId: TENANT, customerId: survivor, conversationId: '' })).cart!.items).toEqual([expect.objectContaining({ productId: ids.BRA, quantity: 2 })]);
    // The merged-away id now acts as the survivor.
    expect((await checkout.getLoyaltyBalance({ tenantId: TENANT, customerId: merged })).points).toBe((await checkout.getLoyaltyBalance({ tenantId: TENANT, customerId: survivor })).points);

    await events.publish(Events.customerErased, { tenantId: TENANT, customerId: survivor, erasedAt: toTimestamp(new Date()) }, { key: survivor, tenantId: TENANT });
    await eventually(async () => (await order(o!.orderId)).customerId === '00000000-0000-0000-0000-000000000000', 'order anonymized');
    const anonymized = await order(o!.orderId);
    expect(anonymized).toMatchObject({ total: o!.total, lines: o!.lines, conversationId: '', status: OrderStatus.ORDER_STATUS_PAID });
    expect(o!.deliveryAddress).toMatchObject({ line1: ADDRESS.line1 });
    expect(anonymized.deliveryAddress ?? null).toBeNull();
    await rejects(checkout.getCart({ tenantId: TENANT, customerId: survivor, conversationId: '' }), status.FAILED_PRECONDITION, 'CUSTOMER_ERASED');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM carts WHERE customer_id = ANY($1::uuid[])`, [[survivor, merged]]);
    expect(n).toBe(0);
  });
});
