import { createHmac, randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { CommonV1, IngressV1, ServiceProtos, Topics } from '@concierge/contracts';
import { createGrpcClient } from '@concierge/grpc';
import {
  eventually,
  FakeGraphApi,
  FakeSmtpServer,
  FakeTelegramApi,
  messengerMessageWebhook,
  metaSignature,
  readTopic,
  SpawnedService,
  spawnService,
  SseReader,
  telegramTextUpdate,
  TEST_INTERNAL_API_KEY,
  testTopicPrefix,
  whatsappMessageWebhook,
} from '@concierge/testing';
import { DEMO_TENANT, seedDemoTenant } from '../tools/demo/seed';

const Kind = CommonV1.ChannelKind;
const QUESTION = 'What is your return policy?';
const ANSWER = /returned within 30 days/;
const APP_SECRET = 'e2e-meta-secret';

const signed = (secret: string, body: string | Buffer) => {
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${ts}.`), Buffer.isBuffer(body) ? body : Buffer.from(body)])).digest('hex');
  return { 'x-concierge-timestamp': ts, 'x-concierge-signature': `sha256=${sig}` };
};

/** Every channel, end to end: a message in through its webhook, the agent's answer out through the same channel. */
describe('end to end: every channel reaches the agent and gets its reply back on the same channel', () => {
  const telegram = new FakeTelegramApi();
  const graph = new FakeGraphApi();
  const smtp = new FakeSmtpServer();
  const services: Record<string, SpawnedService> = {};
  let url = '';
  let prefix = '';
  const post = (path: string, body: string | Buffer, headers: Record<string, string>) => fetch(`${url}${path}`, { method: 'POST', headers, body });
  const meta = (provider: string, channel: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return post(`/v1/webhooks/${provider}/${channel}`, raw, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };

  beforeAll(async () => {
    await Promise.all([telegram.start(), graph.start(), smtp.start()]);
    prefix = testTopicPrefix('e2e-channels');
    const common = { KAFKA_TOPIC_PREFIX: prefix };
    services.identity = await spawnService('identity-graph', common);
    const addresses = { ...common, IDENTITY_GRPC_ADDR: services.identity.grpcAddress };
    const [ingress, dialogue, prediction, checkout, insights] = await Promise.all([
      spawnService('channel-ingress', { ...addresses, TELEGRAM_API_BASE_URL: telegram.baseUrl, GRAPH_API_BASE_URL: graph.baseUrl }),
      spawnService('dialogue-agent', addresses),
      spawnService('prediction', addresses),
      spawnService('commerce-checkout', addresses),
      spawnService('insights', addresses),
    ]);
    Object.assign(services, { ingress, dialogue, prediction, checkout, insights });
    url = ingress.httpUrl;
    await seedDemoTenant({
      apiKey: TEST_INTERNAL_API_KEY,
      addresses: { ingress: ingress.grpcAddress, identity: services.identity.grpcAddress, dialogue: dialogue.grpcAddress, prediction: prediction.grpcAddress, checkout: checkout.grpcAddress, insights: insights.grpcAddress },
      telegram: { webhookSecret: 'e2e-secret', botToken: 'e2e-token' },
    });
    const admin = createGrpcClient<IngressV1.IngressServiceClient>(ServiceProtos.ingress, { address: ingress.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 10_000 });
    const metaSecrets = { app_secret: APP_SECRET, verify_token: 'e2e-verify', access_token: 'e2e-graph-token' };
    const create = (channelId: string, kind: CommonV1.ChannelKind, settings: Record<string, string>, secrets: Record<string, string>) =>
      admin.createChannel({ tenantId: DEMO_TENANT, channelId, kind, name: channelId, settings, secrets });
    await create('e2e-whatsapp', Kind.CHANNEL_KIND_WHATSAPP, { phone_number_id: '555000' }, metaSecrets);
    await create('e2e-messenger', Kind.CHANNEL_KIND_MESSENGER, {}, metaSecrets);
    await create('e2e-instagram', Kind.CHANNEL_KIND_INSTAGRAM, {}, metaSecrets);
    await create('e2e-email', Kind.CHANNEL_KIND_EMAIL, { smtp_host: '127.0.0.1', smtp_port: String(smtp.port), smtp_ignore_tls: 'true', from_address: 'help@demo.test' }, { webhook_secret: 'e2e-email' });
    await create('e2e-voice', Kind.CHANNEL_KIND_VOICE, {}, { webhook_secret: 'e2e-voice' });
    await create('e2e-api', Kind.CHANNEL_KIND_API, {}, { api_key: 'e2e-api-key' });
    await create('e2e-widget', Kind.CHANNEL_KIND_WIDGET, {}, { identify_secret: 'e2e-identify' });
    admin.close();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await Promise.all([telegram.stop(), graph.stop(), smtp.stop()]);
  });

  it('Telegram: sendMessage back to the chat', async () => {
    const res = await post('/v1/webhooks/telegram/demo-telegram', JSON.stringify(telegramTextUpdate(990001, 6060, QUESTION)), { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'e2e-secret' });
    expect(res.status).toBe(200);
    await eventually(() => telegram.sent().some((c) => c.body.chat_id === '6060'), 'telegram reply', 60_000);
    expect(String(telegram.sent().find((c) => c.body.chat_id === '6060')!.body.text).replace(/\\/g, '')).toMatch(ANSWER);
  });

  it('WhatsApp, Messenger and Instagram: the Graph API send endpoints get the answer', async () => {
    const answers = [
      await meta('whatsapp', 'e2e-whatsapp', whatsappMessageWebhook({ phoneNumberId: '555000', from: '447700900123', id: 'wamid.E2E1', message: { type: 'text', text: { body: QUESTION } } })),
      await meta('messenger', 'e2e-messenger', messengerMessageWebhook({ object: 'page', pageId: 'p', senderId: 'psid-e2e', mid: 'm_e2e_fb', text: QUESTION })),
      await meta('instagram', 'e2e-instagram', messengerMessageWebhook({ object: 'instagram', pageId: 'ig', senderId: 'igsid-e2e', mid: 'm_e2e_ig', text: QUESTION })),
    ];
    expect(await Promise.all(answers.map(async (r) => ({ status: r.status, body: await r.json() })))).toEqual(Array(3).fill({ status: 200, body: { ok: true, stored: 1, duplicates: 0, statuses: 0 } }));
    const to = (id: string) => graph.calls.find((c) => c.body.to === id || (c.body.recipient as { id?: string } | undefined)?.id === id);
    await eventually(() => !!to('447700900123') && !!to('psid-e2e') && !!to('igsid-e2e'), 'three Graph sends', 60_000).catch((err: Error) => {
      throw new Error(`${err.message}; Graph got ${JSON.stringify(graph.calls)}; ingress log tail: ${services.ingress.output().slice(-3000)}`);
    });
    const wa = to('447700900123')!;
    expect(wa.path).toBe('/v21.0/555000/messages');
    const waText = (wa.body.text as { body?: string } | undefined)?.body ?? (wa.body.interactive as { body?: { text?: string } } | undefined)?.body?.text;
    expect(waText).toMatch(ANSWER);
    expect((to('psid-e2e')!.body.message as { text: string }).text).toMatch(ANSWER);
    expect((to('igsid-e2e')!.body.message as { text: string }).text).toMatch(ANSWER);
  });

  it('email in, threaded SMTP answer out; the widget visitor who identifies with that email is the same customer', async () => {
    const raw = Buffer.from(`From: Maria <maria@example.com>\r\nTo: help@demo.test\r\nSubject: Returns\r\nMessage-ID: <e2e-mail-1@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${QUESTION}\r\n\r\n-- \r\nMaria\r\n`);
    expect((await post('/v1/webhooks/email/e2e-email', raw, { 'content-type': 'message/rfc822', ...signed('e2e-email', raw) })).status).toBe(200);
    await eventually(() => smtp.messages.some((m) => m.to.includes('maria@example.com')), 'SMTP reply', 60_000);
    const mail = await simpleParser(smtp.messages.find((m) => m.to.includes('maria@example.com'))!.raw);
    expect(mail.inReplyTo).toBe('<e2e-mail-1@example.com>');
    expect(mail.subject).toBe('Re: Returns');
    expect(mail.text).toMatch(ANSWER);

    const visitorId = `e2e-${randomUUID()}`;
    const signature = createHmac('sha256', 'e2e-identify').update(`${visitorId}:maria@example.com::`).digest('hex');
    const who = await post('/v1/widget/e2e-widget/identify', JSON.stringify({ visitorId, email: 'maria@example.com', signature }), { 'content-type': 'application/json' });
    const stream = await new SseReader(`${url}/v1/widget/e2e-widget/stream?visitorId=${visitorId}`).open();
    await post('/v1/widget/e2e-widget/messages', JSON.stringify({ visitorId, text: QUESTION, clientMessageId: 'e2e-w-1' }), { 'content-type': 'application/json' });
    await eventually(() => stream.events.length > 0, 'widget reply', 60_000);
    expect(JSON.parse(stream.events[0].data).text).toMatch(ANSWER);
    stream.close();
    const records = await readTopic(prefix + Topics.ingressMessageReceived, (rs) => rs.some((r) => r.value.includes('e2e-w-1')) && rs.some((r) => r.value.includes('e2e-mail-1')), 30_000);
    const byId = (id: string) => JSON.parse(records.find((r) => r.value.includes(id))!.value).message.customerId;
    expect(byId('e2e-w-1')).toBe(byId('e2e-mail-1'));
    expect(((await who.json()) as { customerId: string }).customerId).toBe(byId('e2e-mail-1'));
  });

  it('voice: the transcript batch gets the reply text for speech synthesis in the same response', async () => {
    const body = JSON.stringify({ callId: 'e2e-call-1', sequence: 0, caller: { phone: '+14155550199' }, segments: [{ speaker: 'customer', text: QUESTION, start: 0.5, end: 2.5, prosody: { speechRateWpm: 150, pauseRatio: 0.2, loudnessDb: -20, pitchHz: 180 } }] });
    const res = await post('/v1/webhooks/voice/e2e-voice?waitMs=15000', body, { 'content-type': 'application/json', ...signed('e2e-voice', body) });
    expect(res.status).toBe(200);
    let replies = ((await res.json()) as { replies: { text: string }[] }).replies;
    if (!replies.length) {
      const polled = await fetch(`${url}/v1/webhooks/voice/e2e-voice/calls/e2e-call-1/replies?after=0&waitMs=15000`, { headers: { authorization: 'Bearer e2e-voice' } });
      replies = ((await polled.json()) as { replies: { text: string }[] }).replies;
    }
    expect(replies[0].text).toMatch(ANSWER);
  });

  it('API channel: JSON in with the bearer key, the reply by polling', async () => {
    const res = await post('/v1/channels/e2e-api/messages', JSON.stringify({ userId: 'mobile-7', messageId: 'e2e-api-1', text: QUESTION }), { 'content-type': 'application/json', authorization: 'Bearer e2e-api-key' });
    expect(res.status).toBe(202);
    let text = '';
    await eventually(async () => {
      const polled = await fetch(`${url}/v1/channels/e2e-api/replies?userId=mobile-7&after=0&waitMs=5000`, { headers: { authorization: 'Bearer e2e-api-key' } });
      text = ((await polled.json()) as { replies: { text: string }[] }).replies[0]?.text ?? '';
      return !!text;
    }, 'API reply', 60_000);
    expect(text).toMatch(ANSWER);
  });
});
