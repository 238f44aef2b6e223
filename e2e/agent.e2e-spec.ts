import { randomUUID } from 'node:crypto';
import { CheckoutV1, CommonV1, DialogueV1, IdentityV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import {
  eventually,
  FakeOpenAiServer,
  FakeTelegramApi,
  SpawnedService,
  spawnService,
  SseReader,
  telegramTextUpdate,
  TEST_INTERNAL_API_KEY,
  testTopicPrefix,
} from '@concierge/testing';
import { DEMO_FAQ_CSV } from '../tools/demo/dialogue.demo-data';
import { DEMO_TENANT, seedDemoTenant } from '../tools/demo/seed';

/**
 * The agent end to end: six services as processes (plus a second dialogue-agent wired to a local
 * OpenAI-compatible server), real Kafka, gRPC and HTTP; customers talk through the widget and Telegram.
 */
describe('end to end: the dialogue agent', () => {
  const telegram = new FakeTelegramApi();
  const llm = new FakeOpenAiServer();
  const services: Record<string, SpawnedService> = {};
  let dialogue: UnaryClient<DialogueV1.DialogueServiceClient>;
  let dialogueLlm: UnaryClient<DialogueV1.DialogueServiceClient>;
  let checkout: UnaryClient<CheckoutV1.CheckoutServiceClient>;
  let identity: UnaryClient<IdentityV1.IdentityServiceClient>;
  const client = <C>(proto: Parameters<typeof createGrpcClient>[0], address: string) =>
    createGrpcClient<C>(proto, { address, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 15_000 });

  beforeAll(async () => {
    await Promise.all([telegram.start(), llm.start()]);
    const prefix = testTopicPrefix('e2e-agent');
    const common = { KAFKA_TOPIC_PREFIX: prefix, CONVERSATION_SWEEP_SECONDS: '0' };
    services.identity = await spawnService('identity-graph', common);
    const addresses = { ...common, IDENTITY_GRPC_ADDR: services.identity.grpcAddress };
    const [ingress, checkoutSvc, prediction, insights] = await Promise.all([
      spawnService('channel-ingress', { ...addresses, TELEGRAM_API_BASE_URL: telegram.baseUrl, LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' }),
      spawnService('commerce-checkout', addresses),
      spawnService('prediction', addresses),
      spawnService('insights', addresses),
    ]);
    const agentEnv = { ...addresses, CHECKOUT_GRPC_ADDR: checkoutSvc.grpcAddress, PREDICTION_GRPC_ADDR: prediction.grpcAddress };
    const [dlg, dlgLlm] = await Promise.all([
      spawnService('dialogue-agent', { ...agentEnv, LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' }),
      // Its own topic prefix: it is driven over gRPC (Converse) and must not compete for the widget's messages.
      spawnService('dialogue-agent', {
        ...agentEnv,
        KAFKA_TOPIC_PREFIX: testTopicPrefix('e2e-agent-llm'),
        OPENAI_API_KEY: 'sk-e2e',
        OPENAI_BASE_URL: llm.baseUrl,
        LLM_MODEL: 'gpt-e2e',
        LLM_MAX_RETRIES: '0',
      }),
    ]);
    Object.assign(services, { ingress, checkout: checkoutSvc, prediction, insights, dialogue: dlg, dialogueLlm: dlgLlm });
    await seedDemoTenant({
      apiKey: TEST_INTERNAL_API_KEY,
      addresses: { ingress: ingress.grpcAddress, identity: services.identity.grpcAddress, dialogue: dlg.grpcAddress, prediction: prediction.grpcAddress, checkout: checkoutSvc.grpcAddress, insights: insights.grpcAddress },
      telegram: { webhookSecret: 'e2e-secret', botToken: 'e2e-token' },
      log: () => undefined,
    });
    dialogue = client(ServiceProtos.dialogue, dlg.grpcAddress);
    dialogueLlm = client(ServiceProtos.dialogue, dlgLlm.grpcAddress);
    checkout = client(ServiceProtos.checkout, checkoutSvc.grpcAddress);
    identity = client(ServiceProtos.identity, services.identity.grpcAddress);
    // Warm-up: the agent's consumer has joined its group once a widget message gets an answer.
    const warm = `e2e-warm-${randomUUID()}`;
    const stream = await new SseReader(`${ingress.httpUrl}/v1/widget/demo-widget/stream?visitorId=${warm}`).open();
    await eventually(
      async () => {
        await fetch(`${ingress.httpUrl}/v1/widget/demo-widget/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitorId: warm, text: 'Hello' }) });
        const t0 = Date.now();
        while (Date.now() - t0 < 5000) {
          if (stream.events.some((e) => JSON.parse(e.data).text)) return true;
          await new Promise((r) => setTimeout(r, 200));
        }
        return false;
      },
      'agent answering widget messages',
      90_000,
    );
    stream.close();
    // The LLM agent's knowledge base, so its search_knowledge tool has something to find.
    await dialogueLlm.ingestKnowledge({ tenantId: DEMO_TENANT, title: 'FAQ', format: DialogueV1.KnowledgeFormat.KNOWLEDGE_FORMAT_FAQ_CSV, content: DEMO_FAQ_CSV, language: '', source: 'faq' });
  }, 300_000);

  afterAll(async () => {
    [dialogue, dialogueLlm, checkout, identity].forEach((c) => c?.close());
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await Promise.all([telegram.stop(), llm.stop()]);
  });

  /** A widget visitor: says things (or presses buttons) and reads the replies from the SSE stream. */
  async function visitor() {
    const visitorId = `e2e-${randomUUID()}`;
    const url = services.ingress.httpUrl;
    const stream = await new SseReader(`${url}/v1/widget/demo-widget/stream?visitorId=${visitorId}`).open();
    const replies = () => stream.events.map((e) => JSON.parse(e.data)).filter((d) => d.text);
    const say = async (text: string, buttonPayload = '') => {
      const before = replies().length;
      const res = await fetch(`${url}/v1/widget/demo-widget/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ visitorId, text, buttonPayload }),
      });
      expect(res.status).toBe(202);
      await eventually(() => replies().length > before, `reply to ${JSON.stringify(text)}`, 40_000).catch((err) => {
        throw new Error(`${(err as Error).message}\n--- dialogue-agent ---\n${services.dialogue.output().slice(-3000)}\n--- channel-ingress ---\n${services.ingress.output().slice(-3000)}`);
      });
      return replies()[before] as { text: string; quickReplies: { label: string; payload: string }[] };
    };
    const press = (q: { label: string; payload: string }) => say(q.label, q.payload);
    // The same visitor id resolves to the customer ingress created for it.
    const customerId = async () =>
      (await identity.resolveIdentity({ tenantId: DEMO_TENANT, type: IdentityV1.IdentifierType.IDENTIFIER_TYPE_WIDGET_VISITOR, value: visitorId, hints: [], displayName: '', locale: '', verified: false, defaultRegion: '', source: '' })).customerId;
    const conversation = async () => (await dialogue.getConversation({ tenantId: DEMO_TENANT, conversationId: '', customerId: await customerId() })).conversation!;
    return { say, press, customerId, conversation, close: () => stream.close() };
  }

  it('a normal purchase conversation in the widget: search, add, address, slot, quote, explicit confirmation, order', async () => {
    const v = await visitor();
    const found = await v.say('Do you have Ethiopia coffee?');
    expect(found.text).toMatch(/Ethiopia Yirgacheffe 250 g/);
    const addButton = found.quickReplies.find((q) => /Ethiopia Yirgacheffe 250 g/.test(q.label) && q.payload.startsWith('add:'))!;
    expect(addButton).toBeDefined();
    const added = await v.press(addButton);
    expect(added.text).toMatch(/^(\S+ )?Added 1× Ethiopia Yirgacheffe/);
    expect(added.text).toMatch(/€12\.90/);
    const address = await v.press({ label: 'Checkout', payload: 'checkout' });
    expect(address.text).toMatch(/Where should we deliver\?/);
    const slots = await v.say('Main Street 1, Berlin, 10115, DE');
    const slot = slots.quickReplies.find((q) => q.payload.startsWith('slot:'))!;
    expect(slot).toBeDefined();
    const quote = await v.press(slot);
    expect(quote.text).toMatch(/Total: €\d+\.\d{2}\. Shall I place it\?/);
    const confirm = quote.quickReplies.find((q) => q.payload.startsWith('confirm:'))!;
    const placed = await v.press(confirm);
    expect(placed.text).toMatch(/Your order \w+ is placed/);
    const { orders } = await checkout.listOrders({ tenantId: DEMO_TENANT, customerId: await v.customerId(), page: undefined, status: CheckoutV1.OrderStatus.ORDER_STATUS_UNSPECIFIED });
    expect(orders).toHaveLength(1);
    expect(quote.text).toContain(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(Number(orders[0].total!.amountMinor) / 100));
    const log = await dialogue.getDecisionLog({ tenantId: DEMO_TENANT, conversationId: (await v.conversation()).conversationId });
    const placeCall = log.decisions.flatMap((d) => d.toolCalls).find((t) => t.name === 'place_order')!;
    expect(placeCall).toMatchObject({ ok: true });
    expect(JSON.parse(placeCall.argumentsJson).quote_id).toBe(confirm.payload.slice('confirm:'.length));
    v.close();
  });

  it.each([
    ['en', 'This is RIDICULOUS!!! My grinder arrived BROKEN and nobody answers. Terrible!!!', /person/],
    ['ru', 'Это возмутительно, кофемолка пришла сломанной, и никто не отвечает.', /сотрудник/],
  ])('an angry customer (%s) switches the agent to calm mode: cross-sell gone, a person offered', async (_lang, text, person) => {
    const v = await visitor();
    const reply = await v.say(text);
    expect(reply.text).toMatch(person);
    expect(reply.text).not.toMatch(/!/);
    const c = await v.conversation();
    const [decision] = (await dialogue.getDecisionLog({ tenantId: DEMO_TENANT, conversationId: c.conversationId })).decisions;
    expect(decision).toMatchObject({ tone: 'calm', humanOffered: true });
    expect(decision.tools).not.toContain('recommend_products');
    if (c.mode === DialogueV1.ConversationMode.CONVERSATION_MODE_HANDOFF_REQUESTED) {
      // Frustration past the handoff threshold: a person was called in, and the agent now stays silent.
      expect(c.handoffReason).toMatch(/frustration/);
      return v.close();
    }
    // Buying right after: no cross-sell tool is even offered.
    const after = await v.say('ok, add Colombia Huila to my cart');
    expect(after.text).not.toMatch(/Goes well with/);
    const log = (await dialogue.getDecisionLog({ tenantId: DEMO_TENANT, conversationId: c.conversationId })).decisions;
    expect(log.flatMap((d) => d.tools)).not.toContain('recommend_products');
    v.close();
  });

  it('"оператор" on Telegram hands off; the agent stays silent until a person releases the conversation', async () => {
    const send = (id: number, text: string) =>
      fetch(`${services.ingress.httpUrl}/v1/webhooks/telegram/demo-telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'e2e-secret' },
        body: JSON.stringify(telegramTextUpdate(id, 5151, text, 'Ivan')),
      });
    const sentTo = () => telegram.sent().filter((m) => String(m.body.chat_id) === '5151');
    await send(910001, 'оператор');
    await eventually(() => sentTo().length === 1, 'handoff reply', 40_000);
    expect(sentTo()[0].body.text).toMatch(/передаю вас сотруднику/);
    const { conversations } = await dialogue.listConversations({ tenantId: DEMO_TENANT, mode: DialogueV1.ConversationMode.CONVERSATION_MODE_HANDOFF_REQUESTED, page: undefined });
    const c = conversations.find((x) => x.summary.includes('оператор'))!;
    expect(c).toBeDefined();
    expect(c.suggestedReply).toMatch(/Ivan|Здравствуйте/);

    await send(910002, 'Ау? Есть кто-нибудь?');
    await eventually(async () => (await dialogue.getConversation({ tenantId: DEMO_TENANT, conversationId: c.conversationId, customerId: '' })).conversation!.turns.length >= 3, 'turn recorded', 30_000);
    await dialogue.operatorReply({ tenantId: DEMO_TENANT, conversationId: c.conversationId, operatorId: 'console:maria', text: 'Здравствуйте, Иван! Это Мария.' });
    await eventually(() => sentTo().length === 2, 'operator reply delivered', 30_000);
    // Telegram MarkdownV2 escaping aside, the operator's words arrive as written.
    expect(String(sentTo()[1].body.text).replace(/\\/g, '')).toBe('Здравствуйте, Иван! Это Мария.');
    await send(910003, 'Спасибо, Мария');
    await new Promise((r) => setTimeout(r, 3000));
    expect(sentTo()).toHaveLength(2);

    await dialogue.releaseConversation({ tenantId: DEMO_TENANT, conversationId: c.conversationId, operatorId: 'console:maria' });
    await send(910004, 'Сколько стоит доставка?');
    await eventually(() => sentTo().length === 3, 'agent answers again after release', 40_000);
    expect(sentTo()[2].body.text).toMatch(/Доставляем за 1–2 рабочих дня|Shipping is free/);
  });

  it('answers from the knowledge base with its citation, and an unknown policy question gets "I don\'t know, here is a person"', async () => {
    const v = await visitor();
    const known = await v.say('What is your return policy?');
    expect(known.text).toMatch(/returned within 30 days/);
    const c = await v.conversation();
    const [decision] = (await dialogue.getDecisionLog({ tenantId: DEMO_TENANT, conversationId: c.conversationId })).decisions;
    expect(decision.knowledgeChunkIds).toHaveLength(1);
    const { chunks } = await dialogue.searchKnowledge({ tenantId: DEMO_TENANT, query: 'return policy', limit: 5, language: '', minScore: 0 });
    expect(chunks.map((k) => k.chunkId)).toContain(decision.knowledgeChunkIds[0]);

    const unknown = await v.say('Is your company carbon neutral certified?');
    expect(unknown.text).toMatch(/I don't know that for sure.*person/);
    expect((await v.conversation()).mode).toBe(DialogueV1.ConversationMode.CONVERSATION_MODE_HANDOFF_REQUESTED);
    v.close();
  });

  it('the tool loop through the real openai package against a local OpenAI-compatible server', async () => {
    llm.reset();
    llm.enqueue(
      { toolCalls: [{ name: 'search_products', arguments: { query: 'Kenya' } }], usage: { prompt: 300, completion: 30 } },
      { toolCalls: [{ name: 'place_order', arguments: { quote_id: 'made-up' } }], usage: { prompt: 350, completion: 20 } },
      {
        content: { reply: 'Kenya AA Nyeri 250 g is €14.90.', quick_replies: [{ label: 'Add', payload: 'add:x' }, { label: 'Buy now', payload: 'confirm:made-up' }], intent: 'product_question', handoff: false, frustration: 0.1, urgency: 0.2, sentiment: 0.4, confidence: 0.8, reason: 'curious' },
        usage: { prompt: 400, completion: 40 },
      },
    );
    const customerId = randomUUID();
    const res = await dialogueLlm.converse({ tenantId: DEMO_TENANT, customerId, text: 'Do you have a Kenyan coffee?', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_API, locale: 'en', attachments: [], affectHints: undefined });
    expect(res.replyText).toBe('Kenya AA Nyeri 250 g is €14.90.');
    // The model's own "confirm:" button never reaches the customer; only request_confirmation can make one.
    expect(res.quickReplies.map((q) => q.payload)).toEqual(['add:x']);
    expect(res.decision).toMatchObject({ engine: 'llm', promptTokens: '1050', completionTokens: '90' });
    const [search, refused] = res.decision!.toolCalls;
    expect(search).toMatchObject({ name: 'search_products', ok: true });
    expect(JSON.parse(search.resultJson).products[0]).toMatchObject({ name: 'Kenya AA Nyeri 250 g', price: { amount_minor: 1490, currency: 'EUR' } });
    expect(refused).toMatchObject({ name: 'place_order', ok: false, refusedReason: expect.stringMatching(/never shown/) });
    expect(llm.requests).toHaveLength(3);
    expect(llm.requests[0].body).toMatchObject({ model: 'gpt-e2e', response_format: { type: 'json_schema' } });
    const toolMessage = llm.requests[1].body.messages.find((m) => m.role === 'tool')!;
    expect(String(toolMessage.content)).toContain('Kenya AA Nyeri');
    const usage = await dialogueLlm.getLlmUsage({ tenantId: DEMO_TENANT, conversationId: res.conversationId });
    expect(usage).toMatchObject({ promptTokens: '1050', completionTokens: '90', calls: '3' });

    // The model goes down: the same agent answers from its offline policy.
    llm.otherwise({ status: 503, error: 'overloaded' });
    const down = await dialogueLlm.converse({ tenantId: DEMO_TENANT, customerId, text: 'How much does shipping cost?', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_API, locale: 'en', attachments: [], affectHints: undefined });
    expect(down.replyText).toMatch(/Shipping is free from 40 EUR/);
    expect(down.decision?.engine).toBe('offline_fallback');
  });
});
