import { randomUUID } from 'node:crypto';
import { InsightsV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import {
  eventually,
  FakeTelegramApi,
  grpcHealth,
  reflectedServices,
  SpawnedService,
  spawnService,
  SseReader,
  telegramTextUpdate,
  TEST_INTERNAL_API_KEY,
  testTopicPrefix,
} from '@concierge/testing';
import { DEMO_TENANT, seedDemoTenant } from '../tools/demo/seed';

/** The walking skeleton: all six services as separate processes, real Kafka, real gRPC, real HTTP. */
describe('end to end: a message in through a channel, a reply out through the same channel', () => {
  const telegram = new FakeTelegramApi();
  const services: Record<string, SpawnedService> = {};
  let ingressUrl = '';

  beforeAll(async () => {
    await telegram.start();
    const prefix = testTopicPrefix('e2e');
    const common = { KAFKA_TOPIC_PREFIX: prefix };
    services.identity = await spawnService('identity-graph', common);
    const addresses = { ...common, IDENTITY_GRPC_ADDR: services.identity.grpcAddress };
    const [ingress, dialogue, prediction, checkout, insights] = await Promise.all([
      spawnService('channel-ingress', { ...addresses, TELEGRAM_API_BASE_URL: telegram.baseUrl }),
      spawnService('dialogue-agent', addresses),
      spawnService('prediction', addresses),
      spawnService('commerce-checkout', addresses),
      spawnService('insights', addresses),
    ]);
    Object.assign(services, { ingress, dialogue, prediction, checkout, insights });
    ingressUrl = ingress.httpUrl;
    await seedDemoTenant({
      apiKey: TEST_INTERNAL_API_KEY,
      addresses: { ingress: ingress.grpcAddress, identity: services.identity.grpcAddress, dialogue: dialogue.grpcAddress, prediction: prediction.grpcAddress, checkout: checkout.grpcAddress, insights: insights.grpcAddress },
      telegram: { webhookSecret: 'e2e-secret', botToken: 'e2e-token' },
    });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await telegram.stop();
  });

  it('every service serves grpc.health.v1 and lists its API through server reflection', async () => {
    const expected: Record<string, string> = {
      identity: 'concierge.identity.v1.IdentityService',
      ingress: 'concierge.ingress.v1.IngressService',
      dialogue: 'concierge.dialogue.v1.DialogueService',
      prediction: 'concierge.prediction.v1.PredictionService',
      checkout: 'concierge.checkout.v1.CheckoutService',
      insights: 'concierge.insights.v1.InsightsService',
    };
    for (const [key, api] of Object.entries(expected)) {
      expect(await grpcHealth(services[key].grpcAddress)).toBe('SERVING');
      expect(await grpcHealth(services[key].grpcAddress, api)).toBe('SERVING');
      expect(await reflectedServices(services[key].grpcAddress)).toEqual(expect.arrayContaining([api, 'grpc.health.v1.Health']));
    }
  });

  it('a web widget message gets its answer from the FAQ over server-sent events', async () => {
    const visitorId = `e2e-${randomUUID()}`;
    const stream = await new SseReader(`${ingressUrl}/v1/widget/demo-widget/stream?visitorId=${visitorId}`).open();
    const res = await fetch(`${ingressUrl}/v1/widget/demo-widget/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId, text: 'What is your return policy?' }),
    });
    expect(res.status).toBe(202);
    await eventually(() => stream.events.length > 0, 'widget reply', 30_000);
    expect(JSON.parse(stream.events[0].data).text).toMatch(/returned within 30 days/);
    stream.close();
  });

  it('a Telegram update is answered with sendMessage, by name, and a redelivered update gets no second reply', async () => {
    const send = (update: unknown) =>
      fetch(`${ingressUrl}/v1/webhooks/telegram/demo-telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'e2e-secret' },
        body: JSON.stringify(update),
      });
    const update = telegramTextUpdate(900001, 4242, 'Hello', 'Olga');
    expect((await send(update)).status).toBe(200);
    await eventually(() => telegram.sent().length === 1, 'telegram reply', 30_000);
    expect(telegram.sent()[0]).toMatchObject({ token: 'e2e-token', body: { chat_id: '4242', text: expect.stringMatching(/^Hello, Olga\\!/), parse_mode: 'MarkdownV2' } });
    expect((await send(update)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2000));
    expect(telegram.sent()).toHaveLength(1);

    await send(telegramTextUpdate(900002, 4242, 'Дайте оператора'));
    await eventually(() => telegram.sent().length === 2, 'handoff reply', 30_000);
    expect(telegram.sent()[1].body.text).toMatch(/передаю вас сотруднику/);
  });

  it('insights counts the conversation it saw on Kafka', async () => {
    const insights = createGrpcClient<InsightsV1.InsightsServiceClient>(ServiceProtos.insights, {
      address: services.insights.grpcAddress,
      apiKey: TEST_INTERNAL_API_KEY,
      deadlineMs: 5000,
    });
    await eventually(async () => {
      const d = await insights.getDashboard({ tenantId: DEMO_TENANT, range: undefined });
      return Number(d.inboundMessages) >= 3 && Number(d.replies) >= 3;
    }, 'insights dashboard', 30_000);
    insights.close();
  });

  it('stops gracefully on SIGTERM', async () => {
    expect(await services.prediction.stop('SIGTERM')).toBe(0);
  });
});
