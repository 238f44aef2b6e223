import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommonV1, DialogueV1, Events, IdentityV1, PredictionV1, ServiceProtos, Topics, toTimestamp } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import {
  FakeOpenAiServer, readTopic, spawnService, SpawnedService, startTestService, TEST_INTERNAL_API_KEY, TestEventPublisher, TestService, testTopicPrefix,
} from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const TENANT = 'acme-llm';

describe('proactive messages written by an LLM (local OpenAI-compatible server), with guards', () => {
  let identityService: SpawnedService;
  let service: TestService;
  let llm: FakeOpenAiServer;
  let identity: UnaryClient<IdentityV1.IdentityServiceClient>;
  let events: TestEventPublisher;
  let prefix: string;

  const consentedCustomer = async (name: string) => {
    const { customerId } = await identity.resolveIdentity({
      tenantId: TENANT, type: IdentityV1.IdentifierType.IDENTIFIER_TYPE_EMAIL, value: `${randomUUID()}@example.com`, hints: [], displayName: name, locale: 'en',
      verified: false, defaultRegion: '', source: 'test',
    } as IdentityV1.ResolveIdentityRequest);
    await identity.setConsent({ tenantId: TENANT, customerId, purpose: IdentityV1.ConsentPurpose.CONSENT_PURPOSE_MARKETING, channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, granted: true, source: 'test' });
    return customerId;
  };
  const outreach = (customerId: string): PredictionV1.OutreachDue => ({
    outreachId: randomUUID(), tenantId: TENANT, customerId, productId: 'beans-1', action: PredictionV1.OutreachAction.OUTREACH_ACTION_REORDER, reason: 'runs out soon',
    predictedRunOutAt: undefined, dueAt: toTimestamp(new Date()), channelKind: CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED, quantity: 1, productName: 'House blend',
    requiresTemplate: false, signalId: '',
  });
  const replyFor = async (customerId: string) => {
    const records = await readTopic(prefix + Topics.dialogueReplyReady, (rs) => rs.some((r) => r.key === customerId), 30_000);
    return Events.replyReady.codec.fromJSON(JSON.parse(records.find((r) => r.key === customerId)!.value)) as DialogueV1.ReplyReady;
  };

  beforeAll(async () => {
    prefix = testTopicPrefix('proactive-llm');
    llm = await new FakeOpenAiServer().start();
    identityService = await spawnService('identity-graph', { KAFKA_TOPIC_PREFIX: prefix });
    service = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix, IDENTITY_GRPC_ADDR: identityService.grpcAddress, PROACTIVE_QUIET_HOURS: '', PROACTIVE_SWEEP_MS: '500',
      OPENAI_API_KEY: 'sk-test-proactive', OPENAI_BASE_URL: llm.baseUrl, LLM_MODEL: 'test-model',
    });
    identity = createGrpcClient<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, { address: identityService.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 10_000 });
    events = new TestEventPublisher(prefix);
  }, 180_000);

  afterAll(async () => {
    await events?.close();
    identity?.close();
    await service?.close();
    await identityService?.stop();
    await llm?.stop();
  });

  it('sends the model\'s rewrite when it keeps to the facts, with the template\'s one-tap buttons', async () => {
    llm.enqueue({ content: { text: 'Ada, your House blend is nearly gone — shall I send another bag?' } });
    const ada = await consentedCustomer('Ada Lovelace');
    await events.publish(Events.outreachDue, outreach(ada), { key: ada, tenantId: TENANT });
    const reply = await replyFor(ada);
    expect(reply.text).toBe('Ada, your House blend is nearly gone — shall I send another bag?');
    expect(reply.quickReplies.map((q) => q.payload)).toEqual(['add:beans-1', expect.stringMatching(/^snooze:/)]);
    const request = llm.requests[0];
    expect(request.authorization).toBe('Bearer sk-test-proactive');
    expect(request.body).toMatchObject({ model: 'test-model', response_format: { type: 'json_schema' } });
    expect(JSON.stringify(request.body.messages)).toMatch(/Looks like your House blend is running low/);
  }, 60_000);

  it('falls back to the template when the model invents a price, and records why', async () => {
    llm.enqueue({ content: { text: 'Grace, reorder House blend now for only €7.99!' } });
    const grace = await consentedCustomer('Grace Hopper');
    await events.publish(Events.outreachDue, outreach(grace), { key: grace, tenantId: TENANT });
    const reply = await replyFor(grace);
    expect(reply.text).toBe('Hi Grace! Looks like your House blend is running low. Shall I reorder?');
    const [row] = await service.app.get(DataSource).query(`SELECT reason FROM proactive_messages WHERE customer_id = $1`, [grace]);
    expect(row.reason).toMatch(/llm draft rejected: invented number 7.99/);
  }, 60_000);

  it('falls back to the template when the model endpoint fails', async () => {
    llm.enqueue({ status: 500, error: 'boom' }, { status: 500, error: 'boom' }, { status: 500, error: 'boom' });
    const alan = await consentedCustomer('Alan');
    await events.publish(Events.outreachDue, outreach(alan), { key: alan, tenantId: TENANT });
    expect((await replyFor(alan)).text).toBe('Hi Alan! Looks like your House blend is running low. Shall I reorder?');
  }, 60_000);
});
