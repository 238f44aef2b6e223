import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Consumer } from 'kafkajs';
import { CommonV1, DialogueV1, Events, IngressV1, InsightsV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { eventually, findRepoRoot, SpawnedService, spawnService, TEST_INTERNAL_API_KEY, testKafka, testTopicPrefix } from '@concierge/testing';

const TENANT = 'insights-e2e';
const PROMO = [
  "Hi! I can't find the promo code field",
  'где ввести промокод?',
  'не могу найти поле для промокода',
  'Where do I enter my coupon code? There is nothing on the checkout page',
  'Подскажите, куда вводить промо-код, не нахожу',
];

/** Done-when of the insights issue, across real services as processes: channel-ingress → dialogue-agent → insights, real Kafka, gRPC and HTTP. */
describe('end to end: five customers who cannot find the promo-code field raise one alert; the dashboard shows FRT, automation and CSAT', () => {
  const services: Record<string, SpawnedService> = {};
  const hook: unknown[] = [];
  let hookServer: Server;
  let insights: UnaryClient<InsightsV1.InsightsServiceClient>;
  let dialogue: UnaryClient<DialogueV1.DialogueServiceClient>;
  let prefix = '';
  let tap: Consumer;
  const seen: Record<string, { key: string; value: Record<string, unknown> }[]> = {};
  const visitors = PROMO.map(() => `e2e-${randomUUID()}`);

  const widget = (visitorId: string, text: string, buttonPayload?: string) =>
    fetch(`${services.ingress.httpUrl}/v1/widget/e2e-widget/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId, text, ...(buttonPayload ? { buttonPayload } : {}) }),
    });

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hook.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}/slack`;

    prefix = testTopicPrefix('e2e-insights');
    const common = { KAFKA_TOPIC_PREFIX: prefix };
    services.identity = await spawnService('identity-graph', common);
    const addresses = { ...common, IDENTITY_GRPC_ADDR: services.identity.grpcAddress };
    const [ingress, dialogueAgent] = await Promise.all([spawnService('channel-ingress', addresses), spawnService('dialogue-agent', { ...addresses, TOOL_DEADLINE_MS: '500' })]);
    Object.assign(services, { ingress, dialogue: dialogueAgent });
    services.insights = await spawnService('insights', {
      ...common, DIALOGUE_GRPC_ADDR: dialogueAgent.grpcAddress, INSIGHTS_ALERT_WEBHOOK_URL: hookUrl, INSIGHTS_CONSOLE_USERS: `${TENANT}:e2e-console-pass`, INSIGHTS_FACT_WAIT_MS: '2000',
    });
    const ingressClient = createGrpcClient<IngressV1.IngressServiceClient>(ServiceProtos.ingress, { address: ingress.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 15_000 });
    await ingressClient.createChannel(IngressV1.CreateChannelRequest.fromJSON({ tenantId: TENANT, channelId: 'e2e-widget', kind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, name: 'E2E widget' }));
    ingressClient.close();
    insights = createGrpcClient<InsightsV1.InsightsServiceClient>(ServiceProtos.insights, { address: services.insights.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 15_000 });
    dialogue = createGrpcClient<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue, { address: dialogueAgent.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 15_000 });
    tap = testKafka('e2e-insights-tap').consumer({ groupId: `tap-${randomUUID()}` });
    await tap.connect();
    await tap.subscribe({ topics: [prefix + Events.alertRaised.topic, prefix + Events.conversationFact.topic], fromBeginning: true });
    await tap.run({
      eachMessage: async ({ topic, message }) => {
        (seen[topic.slice(prefix.length)] ??= []).push({ key: message.key?.toString() ?? '', value: JSON.parse(message.value!.toString()) });
      },
    });
  }, 300_000);

  afterAll(async () => {
    await tap?.disconnect();
    insights?.close();
    dialogue?.close();
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await new Promise((r) => hookServer?.close(r));
  });

  it('raises exactly one alert with their quotes and a suggested fix: gRPC, console, webhook and Kafka', async () => {
    for (const [i, text] of PROMO.entries()) expect((await widget(visitors[i], text)).status).toBe(202);

    await eventually(async () => (await insights.listAlerts({ tenantId: TENANT, range: undefined, page: undefined })).alerts.length > 0, 'alert raised', 90_000);
    await eventually(() => hook.length > 0 && (seen[Events.alertRaised.topic]?.length ?? 0) > 0, 'webhook and Kafka', 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    const { alerts } = await insights.listAlerts({ tenantId: TENANT, range: undefined, page: undefined });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ subject: 'ui_friction:promo_code', count: '5' });
    expect(alerts[0].suggestedAction).toMatch(/promo-code field/);
    for (const q of PROMO) expect(alerts[0].evidence).toContain(`“${q}”`);
    expect(hook).toHaveLength(1);
    expect((hook[0] as { alert: { quotes: string[] } }).alert.quotes).toEqual(expect.arrayContaining(PROMO));
    expect(seen[Events.alertRaised.topic]).toHaveLength(1);

    const login = await fetch(`${services.insights.httpUrl}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: TENANT, password: 'e2e-console-pass' }) });
    expect(login.status).toBe(201);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const consoleAlerts = (await (await fetch(`${services.insights.httpUrl}/console/api/alerts`, { headers: { cookie } })).json()) as { alertId: string; evidence: string[] }[];
    expect(consoleAlerts.map((a) => a.alertId)).toEqual([alerts[0].alertId]);
  }, 200_000);

  it('shows FRT, automation rate and CSAT computed from the test conversations', async () => {
    // One more customer whose question the assistant answers by itself.
    const happy = `e2e-${randomUUID()}`;
    expect((await widget(happy, 'Hello!')).status).toBe(202);
    await eventually(async () => (await insights.getDashboard({ tenantId: TENANT, range: undefined })).firstResponseSeconds > 0, 'FRT', 60_000);
    // The assistant's explicit resolution rule runs when it closes idle conversations; then it sends the one-tap survey.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await dialogue.closeInactiveConversations({ tenantId: TENANT, idleSeconds: 1 })).closed).toBeGreaterThan(0);
    await eventually(async () => Number((await insights.getDashboard({ tenantId: TENANT, range: undefined })).resolvedConversations) > 0, 'resolutions', 60_000);
    expect((await widget(happy, '5', 'csat:5')).status).toBe(202);
    await eventually(async () => (await insights.getDashboard({ tenantId: TENANT, range: undefined })).csatResponses !== '0', 'CSAT', 60_000);
    const d = await insights.getDashboard({ tenantId: TENANT, range: undefined });
    expect(d.firstResponseSeconds).toBeGreaterThan(0);
    expect(d.firstResponseSeconds).toBeLessThan(120);
    expect(d.automationRate).toBeGreaterThan(0);
    expect(d.automationRate).toBeLessThanOrEqual(1);
    expect(d.csat).toBe(5);
    expect(d.csatResponses).toBe('1');
  }, 200_000);

  it('a consumer that is not Node (plain Java kafka-clients) reads the fact topic', async () => {
    const cache = process.env.CONCIERGE_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'concierge');
    const lib = readdirSync(cache).filter((d) => d.startsWith('kafka-')).map((d) => join(cache, d, 'lib')).find(existsSync)!;
    const source = join(findRepoRoot(), 'services/insights/test/java/FactTopicReader.java');
    const out = await new Promise<string>((resolve, reject) =>
      execFile('java', ['-cp', `${lib}/*`, source, process.env.KAFKA_BROKERS!.split(',')[0], prefix + Events.conversationFact.topic, '5', '90'], { timeout: 180_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const records = out.split('\n').filter((l) => l.includes('\t')).map((l) => l.split('\t'));
    expect(records.length).toBeGreaterThanOrEqual(5);
    expect(records.every(([key, type, tenant]) => key.startsWith('pc_') && type === 'concierge.insights.v1.ConversationFact' && tenant === TENANT)).toBe(true);
    expect(records.some((r) => JSON.parse(r.slice(3).join('\t')).subjects?.includes('ui_friction:promo_code'))).toBe(true);
  }, 200_000);
});
