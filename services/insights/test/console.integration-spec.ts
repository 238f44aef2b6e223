import { randomUUID } from 'node:crypto';
import { Browser, chromium, Page } from 'playwright-core';
import { CommonV1, DialogueV1, Events, IngressV1, ServiceProtos } from '@concierge/contracts';
import { createGrpcClient, UnaryClient } from '@concierge/grpc';
import { eventually, freePort, SpawnedService, spawnService, startTestService, TEST_INTERNAL_API_KEY, TestEventPublisher, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PROMO = ["I can't find the promo code field", 'где ввести промокод?', 'не могу найти поле для промокода', 'where do I enter a coupon code?', 'не нахожу куда вводить промокод'];

/** The web console in headless Chromium against insights and a real dialogue-agent (gRPC), both on the run's Kafka and Postgres. */
describe('insights web console (headless Chromium)', () => {
  let insights: TestService;
  let dialogue: SpawnedService;
  let dialogueClient: UnaryClient<DialogueV1.DialogueServiceClient>;
  let events: TestEventPublisher;
  let browser: Browser;
  let page: Page;
  const tenantId = 'console-co';

  beforeAll(async () => {
    const prefix = testTopicPrefix('insights-console');
    events = new TestEventPublisher(prefix);
    dialogue = await spawnService('dialogue-agent', { KAFKA_TOPIC_PREFIX: prefix, IDENTITY_GRPC_ADDR: `127.0.0.1:${await freePort()}`, CHECKOUT_GRPC_ADDR: `127.0.0.1:${await freePort()}`, PREDICTION_GRPC_ADDR: `127.0.0.1:${await freePort()}`, TOOL_DEADLINE_MS: '300' });
    insights = await startTestService(AppModule, SERVICE, {
      KAFKA_TOPIC_PREFIX: prefix,
      DIALOGUE_GRPC_ADDR: dialogue.grpcAddress,
      INSIGHTS_CONSOLE_USERS: `${tenantId}:console-pass-123`,
      INSIGHTS_FACT_WAIT_MS: '300',
    });
    dialogueClient = createGrpcClient<DialogueV1.DialogueServiceClient>(ServiceProtos.dialogue, { address: dialogue.grpcAddress, apiKey: TEST_INTERNAL_API_KEY, deadlineMs: 20_000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    dialogueClient?.close();
    await events?.close();
    await insights?.close();
    await dialogue?.stop();
  });

  it('refuses the API without a session and a wrong password', async () => {
    expect((await fetch(`${insights.httpUrl}/console/api/dashboard`)).status).toBe(401);
    const bad = await fetch(`${insights.httpUrl}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: tenantId, password: 'nope' }) });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_LOGIN');
  });

  it('logs in, sees a new alert appear live, takes over a conversation, replies and releases it', async () => {
    await page.goto(`${insights.httpUrl}/console/`);
    await page.fill('#login-tenant', tenantId);
    await page.fill('#login-password', 'console-pass-123');
    await page.click('#login-submit');
    await page.waitForSelector('#kpis .kpi', { timeout: 30_000 });
    expect(await page.textContent('#tenant-name')).toBe(tenantId);

    // Five customers complain in their own words while the console is open: the alert shows up without a reload.
    await page.click('button[data-tab="alerts"]');
    for (const text of PROMO) {
      const customerId = randomUUID();
      await events.publish(
        Events.messageReceived,
        IngressV1.MessageReceived.fromJSON({ message: { messageId: randomUUID(), tenantId, channelId: 'web', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, customerId, text, receivedAt: new Date().toISOString() } }),
        { key: customerId, tenantId },
      );
    }
    const alert = page.locator('article.alert[data-subject="ui_friction:promo_code"]');
    await alert.waitFor({ timeout: 60_000 });
    expect(await page.locator('article.alert').count()).toBe(1);
    const alertText = await alert.textContent();
    expect(alertText).toContain('promo-code field');
    expect(alertText).toContain('где ввести промокод?');
    expect(alertText).toContain('Suggested action');

    // A live conversation with the assistant.
    const customerId = randomUUID();
    const { conversationId } = await dialogueClient.converse(
      DialogueV1.ConverseRequest.fromJSON({ tenantId, customerId, text: 'Hello!', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, locale: 'en' }),
    );
    await page.click('button[data-tab="inbox"]');
    const item = page.locator(`#queue li[data-id="${conversationId}"]`);
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await page.waitForSelector('#takeover:not([disabled])', { timeout: 15_000 });
    expect(await page.getAttribute('#conversation', 'data-mode')).toBe('ai');
    expect(await page.locator('#turns .turn.customer').first().textContent()).toBe('Hello!');
    expect(await page.textContent('#conversation .facts')).toMatch(/Mood: .+Style: .+Frustration/);
    await page.click('#takeover');
    await eventually(async () => (await page.getAttribute('#conversation', 'data-mode')) === 'handoff_requested', 'taken over', 15_000);
    await page.fill('#reply-text', 'Hi, this is Anna from the shop: yes, we deliver on Sundays.');
    // Another customer writes while the operator is typing: the live update redraws the open conversation, and what
    // the operator typed is still there.
    const other = await dialogueClient.converse(
      DialogueV1.ConverseRequest.fromJSON({ tenantId, customerId: randomUUID(), text: 'Is anyone there?', channelKind: CommonV1.ChannelKind.CHANNEL_KIND_WIDGET, locale: 'en' }),
    );
    await page.locator(`#queue li[data-id="${other.conversationId}"]`).waitFor({ timeout: 30_000 });
    await page.waitForSelector('#reply-text');
    expect(await page.inputValue('#reply-text')).toBe('Hi, this is Anna from the shop: yes, we deliver on Sundays.');
    await page.click('#reply-send');
    await page.locator('#turns .turn.operator', { hasText: 'Anna from the shop' }).waitFor({ timeout: 15_000 });
    const after = await dialogueClient.getConversation({ tenantId, conversationId, customerId: '' });
    expect(after.conversation?.turns.some((t) => t.role === DialogueV1.TurnRole.TURN_ROLE_OPERATOR && t.text.includes('Anna'))).toBe(true);

    await page.waitForSelector('#release:not([disabled])', { timeout: 15_000 });
    await page.click('#release');
    await eventually(async () => (await page.getAttribute('#conversation', 'data-mode')) === 'ai', 'released in the console', 15_000);
    const released = await dialogueClient.getConversation({ tenantId, conversationId, customerId: '' });
    expect(released.conversation?.mode).toBe(DialogueV1.ConversationMode.CONVERSATION_MODE_AI);
  }, 180_000);
});
