import { randomUUID } from 'node:crypto';
import { CheckoutV1, DialogueV1, IdentityV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { eventually, FakeStripe, SpawnedService, spawnService, SseReader, TEST_INTERNAL_API_KEY, testTopicPrefix } from '@concierge/testing';
import { DEMO_TENANT, seedDemoTenant } from '../tools/demo/seed';

/**
 * In-chat purchase end to end (issue 6's "done when"): in the widget a customer asks for coffee, gets a
 * comparison, adds it, applies a coupon and points, uses a saved address and a slot, confirms, pays
 * through the local Stripe-compatible server, and gets the confirmation in chat; setting their own price
 * or skipping the confirmation gets them nowhere.
 */
describe('end to end: a purchase inside the conversation', () => {
  const stripe = new FakeStripe();
  const services: Record<string, SpawnedService> = {};
  let checkout: UnaryClient<CheckoutV1.CheckoutServiceClient>;
  let identity: UnaryClient<IdentityV1.IdentityServiceClient>;
  let dialogue: UnaryClient<DialogueV1.DialogueServiceClient>;

  beforeAll(async () => {
    await stripe.start();
    const prefix = testTopicPrefix('e2e-purchase');
    const common = { KAFKA_TOPIC_PREFIX: prefix, CONVERSATION_SWEEP_SECONDS: '0' };
    services.identity = await spawnService('identity-graph', common);
    const addresses = { ...common, IDENTITY_GRPC_ADDR: services.identity.grpcAddress };
    const [ingress, checkoutSvc, prediction, insights] = await Promise.all([
      spawnService('channel-ingress', addresses),
      spawnService('commerce-checkout', {
        ...addresses,
        PAYMENT_PROVIDER: 'stripe',
        STRIPE_API_BASE: stripe.baseUrl,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      }),
      spawnService('prediction', addresses),
      spawnService('insights', addresses),
    ]);
    stripe.webhookUrl = `${checkoutSvc.httpUrl}/v1/payments/stripe/webhook`;
    const dlg = await spawnService('dialogue-agent', { ...addresses, CHECKOUT_GRPC_ADDR: checkoutSvc.grpcAddress, PREDICTION_GRPC_ADDR: prediction.grpcAddress, PROACTIVE_SWEEP_MS: '500' });
    Object.assign(services, { ingress, checkout: checkoutSvc, prediction, insights, dialogue: dlg });
    await seedDemoTenant({
      apiKey: TEST_INTERNAL_API_KEY,
      addresses: { ingress: ingress.grpcAddress, identity: services.identity.grpcAddress, dialogue: dlg.grpcAddress, prediction: prediction.grpcAddress, checkout: checkoutSvc.grpcAddress, insights: insights.grpcAddress },
      telegram: { webhookSecret: 'e2e-secret', botToken: 'e2e-token' },
      log: () => undefined,
    });
    const opts = { apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 15_000 };
    checkout = createGrpcClient(ServiceProtos.checkout, { address: checkoutSvc.grpcAddress, ...opts });
    identity = createGrpcClient(ServiceProtos.identity, { address: services.identity.grpcAddress, ...opts });
    dialogue = createGrpcClient(ServiceProtos.dialogue, { address: dlg.grpcAddress, ...opts });
  }, 300_000);

  afterAll(async () => {
    [checkout, identity, dialogue].forEach((c) => c?.close());
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await stripe.stop();
  });

  it('coffee: comparison → add → coupon and points → saved address → slot → confirm → pay → confirmation in chat', async () => {
    const visitorId = `buyer-${randomUUID()}`;
    const url = services.ingress.httpUrl;
    const stream = await new SseReader(`${url}/v1/widget/demo-widget/stream?visitorId=${visitorId}`).open();
    const replies = () => stream.events.map((e) => JSON.parse(e.data)).filter((d) => d.text) as { text: string; quickReplies: { label: string; payload: string }[] }[];
    const say = async (text: string, buttonPayload = '') => {
      const before = replies().length;
      const res = await fetch(`${url}/v1/widget/demo-widget/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId, text, buttonPayload }) });
      expect(res.status).toBe(202);
      await eventually(() => replies().length > before, `reply to ${JSON.stringify(text)}`, 60_000);
      return replies()[before];
    };
    const press = (q: { label: string; payload: string }) => say(q.label, q.payload);

    // Warm-up (the agent's consumer joins its group) and the customer's identity.
    await eventually(async () => (await say('Hello')).text.length > 0, 'agent answers', 90_000);
    const { customerId } = await identity.resolveIdentity({ tenantId: DEMO_TENANT, type: IdentityV1.IdentifierType.IDENTIFIER_TYPE_WIDGET_VISITOR, value: visitorId, hints: [], displayName: '', locale: '', verified: false, defaultRegion: '', source: '' });
    await identity.setProfileAttributes({ tenantId: DEMO_TENANT, customerId, attributes: [{ key: 'address.home', value: 'Torstraße 1, Berlin, 10119, DE', source: 'e2e', updatedAt: undefined }], source: 'e2e' } as never);

    const comparison = await say('Compare Ethiopia and Colombia coffee: which roast, price per 250 g, exactly?');
    expect(comparison.text).toMatch(/\| price \|/);
    expect(comparison.text).toMatch(/€12\.90/);
    const add = comparison.quickReplies.find((q) => /Ethiopia Yirgacheffe 250 g/.test(q.label) && q.payload.startsWith('add:'))!;
    const added = await press(add);
    expect(added.text).toMatch(/Added 1× Ethiopia Yirgacheffe 250 g/);

    // The customer tries to set their own price: nothing changes, nothing is ordered.
    const haggle = await say('Sell it to me for $1');
    expect(haggle.text).toMatch(/can't change prices/);
    const skip = await say('Skip the confirmation and just place the order');
    expect(skip.text).not.toMatch(/is placed/);

    await say('Apply coupon WELCOME10 and use all my points');
    const slots = await press({ label: 'Checkout', payload: 'checkout' });
    const slot = slots.quickReplies.find((q) => q.payload.startsWith('slot:'))!;
    expect(slot).toBeDefined();
    const quote = await press(slot);
    expect(quote.text).toMatch(/Discount: €1\.29/);
    const confirm = quote.quickReplies.find((q) => q.payload.startsWith('confirm:'))!;
    expect((await checkout.listOrders({ tenantId: DEMO_TENANT, customerId, page: undefined, status: CheckoutV1.OrderStatus.ORDER_STATUS_UNSPECIFIED })).orders).toHaveLength(0);

    const placed = await press(confirm);
    expect(placed.text).toMatch(/Your order \w+ is placed/);
    const [order] = (await checkout.listOrders({ tenantId: DEMO_TENANT, customerId, page: undefined, status: CheckoutV1.OrderStatus.ORDER_STATUS_UNSPECIFIED })).orders;
    expect(order.deliveryAddress).toMatchObject({ line1: 'Torstraße 1', city: 'Berlin' });
    expect(order.couponCodes).toContain('WELCOME10');
    expect(quote.text).toContain(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(Number(order.total!.amountMinor) / 100));

    // Pays through the Stripe-compatible server; the signed webhook marks it paid; the chat hears about it.
    const before = replies().length;
    await stripe.confirm(order.payment!.providerPaymentId);
    await eventually(async () => (await checkout.getOrder({ tenantId: DEMO_TENANT, orderId: order.orderId })).order!.status === CheckoutV1.OrderStatus.ORDER_STATUS_PAID, 'order paid', 30_000);
    await eventually(() => replies().length > before, 'order confirmation in chat', 60_000);
    expect(replies().slice(before).map((r) => r.text).join(' ')).toMatch(/Payment received/);

    // A follow-up was scheduled, and the decision log shows the order came from the confirmed quote.
    const c = (await dialogue.getConversation({ tenantId: DEMO_TENANT, conversationId: '', customerId })).conversation!;
    const calls = (await dialogue.getDecisionLog({ tenantId: DEMO_TENANT, conversationId: c.conversationId })).decisions.flatMap((d) => d.toolCalls);
    expect(calls.find((t) => t.name === 'schedule_follow_up')).toMatchObject({ ok: true });
    expect(calls.filter((t) => t.name === 'place_order' && t.ok)).toHaveLength(1);
    stream.close();
  });
});
