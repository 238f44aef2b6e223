import { Pool } from 'pg';
import { CommonV1, IdentityV1, IngressV1, ServiceProtos, Topics } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import {
  eventually,
  freePort,
  readTopic,
  spawnService,
  SpawnedService,
  startTestService,
  telegramTextUpdate,
  TEST_INTERNAL_API_KEY,
  testKafka,
  TestService,
  testTopicPrefix,
} from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const TENANT = 'acme';

/**
 * A webhook is answered once its message is stored; who the sender is gets resolved right after. So an
 * identity-graph outage delays message-received events but never a provider's acknowledgement, and loses
 * nothing.
 */
describe('channel-ingress while identity-graph is down (real Postgres, Kafka, gRPC, HTTP)', () => {
  let identity: SpawnedService | undefined;
  let ingress: TestService;
  let identityGrpcPort: number;
  let prefix: string;
  let db: Pool;

  const webhook = (update: unknown) =>
    fetch(`${ingress.httpUrl}/v1/webhooks/telegram/outage-telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'outage-secret' },
      body: JSON.stringify(update),
    });

  const published = async () => {
    const admin = testKafka().admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(prefix + Topics.ingressMessageReceived).catch(() => []);
    await admin.disconnect();
    return offsets.reduce((n, p) => n + Number(p.high), 0);
  };

  beforeAll(async () => {
    prefix = testTopicPrefix('outage');
    identityGrpcPort = await freePort();
    // identity-graph is not running yet: its address refuses connections.
    ingress = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix,
      IDENTITY_GRPC_ADDR: `127.0.0.1:${identityGrpcPort}`,
      GRPC_DEADLINE_MS: '1000',
      PENDING_IDENTITY_POLL_MS: '200',
      PENDING_IDENTITY_RETRY_MAX_MS: '500',
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9',
    });
    db = new Pool({ connectionString: ingress.env.DATABASE_URL, max: 1 });
    await ingress
      .client<IngressV1.IngressServiceClient>(ServiceProtos.ingress)
      .createChannel({ tenantId: TENANT, channelId: 'outage-telegram', kind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM, name: 'bot', settings: {}, secrets: { webhook_secret: 'outage-secret', bot_token: '1:x' } });
  });

  afterAll(async () => {
    await db?.end();
    await ingress?.close();
    await identity?.stop();
  });

  it('acknowledges and stores every message, holds the events, then publishes them in order with the right customer once identity-graph is back', async () => {
    // Two senders; sender 401's second and third messages arrive while its first is still waiting.
    for (const [id, from, text] of [
      [9001, 401, 'first'],
      [9002, 402, 'other sender'],
      [9003, 401, 'second'],
      [9004, 401, 'third'],
    ] as const) {
      const res = await webhook(telegramTextUpdate(id, from, text));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, duplicate: false });
    }
    // A provider redelivery is still recognized, although the first delivery has no customer yet.
    expect(await (await webhook(telegramTextUpdate(9003, 401, 'second'))).json()).toEqual({ ok: true, duplicate: true });

    const stored = await db.query<{ external_message_id: string; customer_id: string | null }>(`SELECT external_message_id, customer_id FROM inbound_messages ORDER BY received_at`);
    expect(stored.rows.map((r) => r.external_message_id)).toEqual(['update:9001', 'update:9002', 'update:9003', 'update:9004']);
    expect(stored.rows.every((r) => r.customer_id === null)).toBe(true);
    // Retries keep failing: the events wait instead of going out without a customer.
    await eventually(async () => (await db.query(`SELECT 1 FROM pending_identities WHERE attempts >= 2`)).rows.length > 0, 'resolution retried', 15_000);
    expect(await published()).toBe(0);
    const { rows: pending } = await db.query<{ last_error: string; failed: boolean }>(`SELECT last_error, failed FROM pending_identities`);
    expect(pending).toHaveLength(4);
    expect(pending.every((p) => !p.failed && /UNAVAILABLE/.test(p.last_error))).toBe(true);

    // identity-graph comes up at the address channel-ingress was given.
    identity = await spawnService('identity-graph', { KAFKA_TOPIC_PREFIX: prefix, GRPC_PORT: String(identityGrpcPort), HTTP_PORT: String(await freePort()) });
    const records = await readTopic(prefix + Topics.ingressMessageReceived, 4, 30_000);
    const messages = records.map((r) => ({ key: r.key, ...JSON.parse(r.value).message }));
    const lookup = createGrpcClient<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, { address: identity.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 5_000 });
    const customerOf = async (user: string) =>
      (
        await lookup.resolveIdentity(
          IdentityV1.ResolveIdentityRequest.fromJSON({ tenantId: TENANT, type: 'IDENTIFIER_TYPE_TELEGRAM_USER', value: user, hints: [] }),
        )
      ).customerId;
    const [c401, c402] = [await customerOf('401'), await customerOf('402')];
    lookup.close();
    expect(c401).not.toBe(c402);
    const from401 = messages.filter((m) => m.externalUserId === '401');
    expect(from401.map((m) => m.text)).toEqual(['first', 'second', 'third']);
    expect(from401.every((m) => m.customerId === c401 && m.key === c401)).toBe(true);
    expect(messages.find((m) => m.externalUserId === '402')).toMatchObject({ customerId: c402, key: c402, text: 'other sender' });

    // Stored messages carry their customer now, nothing is left waiting, and nothing went out twice.
    await eventually(async () => (await db.query(`SELECT 1 FROM pending_identities`)).rows.length === 0, 'pending rows gone');
    const after = await db.query<{ customer_id: string }>(`SELECT customer_id FROM inbound_messages WHERE external_user_id = '401'`);
    expect(after.rows.map((r) => r.customer_id)).toEqual([c401, c401, c401]);
    // A later message from a known sender goes straight out, after the earlier ones.
    expect((await webhook(telegramTextUpdate(9005, 401, 'fourth'))).status).toBe(200);
    const all = await readTopic(prefix + Topics.ingressMessageReceived, 5, 20_000);
    expect(all.map((r) => JSON.parse(r.value).message.text).filter((t: string) => t !== 'other sender')).toEqual(['first', 'second', 'third', 'fourth']);
    await new Promise((r) => setTimeout(r, 500));
    expect(await published()).toBe(5);
  });
});
