import { status } from '@grpc/grpc-js';
import { DataSource } from 'typeorm';
import { CommonV1, IdentityV1, ServiceProtos, Topics, toTimestamp } from '@concierge/contracts';
import { eventually, readTopic, startTestService, TestEventPublisher, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';
import { RECENT_ITEMS_SQL, STATS_SQL, TimelineRepository } from '../src/timeline/persistence/timeline.repository';
import { TOP_FACTS_SQL } from '../src/profile/persistence/profile.repository';
import { CONTEXT_SQL } from '../src/identity/persistence/customer-context.query';
import { hint, IdentityClient, publishInbound, publishReply, resolveReq, timelineTexts, Type } from './identity-helpers';

const Purpose = IdentityV1.ConsentPurpose;
const Channel = CommonV1.ChannelKind;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe('identity-graph profile, consent, privacy and bounded context (real Postgres, Kafka and gRPC)', () => {
  let service: TestService;
  let identity: IdentityClient;
  let events: TestEventPublisher;
  let prefix: string;
  let db: DataSource;
  const tenantId = 'acme';

  beforeAll(async () => {
    prefix = testTopicPrefix('identity-privacy');
    service = await startTestService(AppModule, SERVICE, { KAFKA_TOPIC_PREFIX: prefix });
    identity = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity);
    events = new TestEventPublisher(prefix);
    db = service.app.get(DataSource);
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
  });

  it('keeps zero-party attributes, traits and facts with source and time, and announces profile changes', async () => {
    const { customerId } = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'p-1', displayName: 'Mia' }));
    const { customer } = await identity.setProfileAttributes({
      tenantId,
      customerId,
      source: 'checkout-form',
      attributes: [
        { key: 'timezone', value: 'Europe/Berlin', source: '', updatedAt: undefined },
        { key: 'address.home', value: '{"street":"Hauptstr. 1","city":"Berlin"}', source: '', updatedAt: undefined },
        { key: 'Birthday', value: '1990-04-12', source: 'chat', updatedAt: undefined },
        { key: 'preference.roast', value: 'light', source: '', updatedAt: undefined },
      ],
    });
    expect(customer?.timezone).toBe('Europe/Berlin');
    expect(customer?.profile).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'birthday', value: '1990-04-12', source: 'chat', updatedAt: expect.anything() }),
        expect.objectContaining({ key: 'address.home', source: 'checkout-form' }),
      ]),
    );
    await expect(
      identity.setProfileAttributes({ tenantId, customerId, source: '', attributes: [{ key: 'timezone', value: 'Mars/Olympus', source: '', updatedAt: undefined }] }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'ATTRIBUTE_INVALID' });

    const trait = await identity.setTrait({ tenantId, customerId, trait: { name: 'decision_style', value: 'anxious', confidence: 0.8, source: 'dialogue', updatedAt: undefined } });
    expect(trait.trait).toMatchObject({ name: 'decision_style', value: 'anxious', confidence: 0.8, source: 'dialogue', updatedAt: expect.anything() });
    await expect(identity.setTrait({ tenantId, customerId, trait: { name: 'mood', value: 'calm', confidence: 1.5, source: '', updatedAt: undefined } })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    const soon = toTimestamp(new Date(Date.now() + 3_600_000));
    const fact = await identity.rememberFact({ tenantId, customerId, subject: 'gift', fact: 'buying a grinder for her father in May', sourceTurnId: 'turn-9', confidence: 0.6, expiresAt: soon });
    await identity.rememberFact({ tenantId, customerId, subject: 'allergy', fact: 'allergic to hazelnuts', sourceTurnId: 'turn-3', confidence: 0, expiresAt: undefined });
    await identity.rememberFact({ tenantId, customerId, subject: 'gift', fact: 'buying a grinder for her father in May', sourceTurnId: 'turn-10', confidence: 0.7, expiresAt: soon });
    const ctx = await identity.getCustomerContext({ tenantId, customerId, recentItems: 5 });
    expect(ctx.facts.map((f) => [f.fact, f.confidence])).toEqual([
      ['allergic to hazelnuts', 1],
      ['buying a grinder for her father in May', 0.7],
    ]);
    expect(ctx.facts[1]).toMatchObject({ factId: fact.fact?.factId, sourceTurnId: 'turn-10' });
    await expect(identity.rememberFact({ tenantId, customerId, subject: 'x', fact: 'expired', sourceTurnId: '', confidence: 1, expiresAt: toTimestamp(new Date(Date.now() - 1000)) })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'FACT_INVALID',
    });

    const updates = await readTopic(`${prefix}${Topics.identityProfileUpdated}`, (r) => r.some((x) => x.value.includes('traits.decision_style')) && r.some((x) => x.value.includes('facts')));
    const fields = updates.filter((u) => u.key === customerId).flatMap((u) => JSON.parse(u.value).changedFields);
    expect(fields).toEqual(expect.arrayContaining(['attributes.timezone', 'attributes.birthday', 'traits.decision_style', 'facts']));
  });

  it('records consent per purpose and channel; CheckConsent answers before proactive contact, and a chat opt-out revokes', async () => {
    const { customerId } = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'c-1' }));
    const check = (purpose: IdentityV1.ConsentPurpose, channelKind: CommonV1.ChannelKind) => identity.checkConsent({ tenantId, customerId, purpose, channelKind });
    expect(await check(Purpose.CONSENT_PURPOSE_MARKETING, Channel.CHANNEL_KIND_TELEGRAM)).toMatchObject({ granted: false, explicit: false, source: 'default' });
    expect(await check(Purpose.CONSENT_PURPOSE_SERVICE, Channel.CHANNEL_KIND_TELEGRAM)).toMatchObject({ granted: true, explicit: false });

    await identity.setConsent({ tenantId, customerId, purpose: Purpose.CONSENT_PURPOSE_MARKETING, channelKind: Channel.CHANNEL_KIND_TELEGRAM, granted: true, source: 'bot-button' });
    expect(await check(Purpose.CONSENT_PURPOSE_MARKETING, Channel.CHANNEL_KIND_TELEGRAM)).toMatchObject({ granted: true, explicit: true, source: 'bot-button' });
    expect((await check(Purpose.CONSENT_PURPOSE_MARKETING, Channel.CHANNEL_KIND_EMAIL)).granted).toBe(false);

    const revoked = await identity.setConsent({ tenantId, customerId, purpose: Purpose.CONSENT_PURPOSE_MARKETING, channelKind: Channel.CHANNEL_KIND_UNSPECIFIED, granted: false, source: 'chat:turn-42' });
    expect(revoked.granted).toBe(false);
    const after = await check(Purpose.CONSENT_PURPOSE_MARKETING, Channel.CHANNEL_KIND_TELEGRAM);
    expect(after).toMatchObject({ granted: false, explicit: true, source: 'chat:turn-42' });
    expect(after.reason).toMatch(/revoked on every channel/);
    const ctx = await identity.getCustomerContext({ tenantId, customerId, recentItems: 1 });
    expect(ctx.consents.map((c) => [c.purpose, c.channelKind, c.granted, c.source])).toEqual([
      [Purpose.CONSENT_PURPOSE_MARKETING, Channel.CHANNEL_KIND_UNSPECIFIED, false, 'chat:turn-42'],
      [Purpose.CONSENT_PURPOSE_MARKETING, Channel.CHANNEL_KIND_TELEGRAM, true, 'bot-button'],
    ]);
    await expect(identity.setConsent({ tenantId, customerId, purpose: Purpose.CONSENT_PURPOSE_UNSPECIFIED, channelKind: Channel.CHANNEL_KIND_TELEGRAM, granted: true, source: '' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'CONSENT_INVALID',
    });
  });

  it('exports everything held about the person, then erases it: no personal data left, late events do not bring it back', async () => {
    const email = 'erin.private@example.com';
    const first = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'erin-tg-77', displayName: 'Erin Privatova', hints: [hint(Type.IDENTIFIER_TYPE_PHONE, '+44 7911 123456')] }));
    const second = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'erin-visitor-77', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, email)] }));
    const joined = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'erin-tg-77', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, email)] }));
    expect(joined.mergeIds).toHaveLength(1);
    const customerId = joined.customerId;
    const msg = await publishInbound(events, { tenantId, customerId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, externalUserId: 'erin-tg-77', text: 'my flat is at Baker Street 221b' });
    await publishReply(events, { tenantId, customerId, inReplyTo: msg, kind: Channel.CHANNEL_KIND_TELEGRAM, text: 'Noted, Erin Privatova!' });
    await eventually(async () => (await timelineTexts(identity, tenantId, customerId)).length === 2, 'timeline');
    await identity.setProfileAttributes({ tenantId, customerId, source: 'chat', attributes: [{ key: 'address.home', value: 'Baker Street 221b, London', source: '', updatedAt: undefined }] });
    await identity.setTrait({ tenantId, customerId, trait: { name: 'usual_mood', value: 'cheerful-erin-mood', confidence: 0.5, source: 'dialogue', updatedAt: undefined } });
    await identity.rememberFact({ tenantId, customerId, subject: 'pet', fact: 'has a cat called Whiskers-Erin', sourceTurnId: 't1', confidence: 1, expiresAt: undefined });
    await identity.setConsent({ tenantId, customerId, purpose: Purpose.CONSENT_PURPOSE_ANALYTICS, channelKind: Channel.CHANNEL_KIND_UNSPECIFIED, granted: false, source: 'privacy-page' });

    const exported = JSON.parse((await identity.exportCustomer({ tenantId, customerId: second.customerId })).json);
    expect(exported.customerId).toBe(first.customerId);
    expect(exported.customer.map((c: { id: string }) => c.id).sort()).toEqual([first.customerId, second.customerId].sort());
    expect(exported.identities.map((i: { value: string }) => i.value).sort()).toEqual(['+447911123456', 'erin-tg-77', 'erin-visitor-77', email].sort());
    expect(exported.attributes).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'name', value: 'Erin Privatova' }), expect.objectContaining({ key: 'address.home', source: 'chat' })]));
    expect(exported.traits).toEqual([expect.objectContaining({ name: 'usual_mood', value: 'cheerful-erin-mood' })]);
    expect(exported.facts).toEqual([expect.objectContaining({ fact: 'has a cat called Whiskers-Erin' })]);
    expect(exported.consents).toEqual([expect.objectContaining({ purpose: 'CONSENT_PURPOSE_ANALYTICS', granted: false, source: 'privacy-page' })]);
    expect(exported.timeline.map((t: { text: string }) => t.text)).toEqual(['my flat is at Baker Street 221b', 'Noted, Erin Privatova!']);
    expect(exported.merges).toEqual([expect.objectContaining({ id: joined.mergeIds[0], merged_customer_id: second.customerId })]);

    const erased = await identity.eraseCustomer({ tenantId, customerId, reason: 'GDPR art. 17 request #12' });
    expect(erased.customerId).toBe(customerId);
    await expect(identity.getCustomer({ tenantId, customerId })).rejects.toMatchObject({ code: status.NOT_FOUND, errorCode: 'CUSTOMER_ERASED' });
    await expect(identity.getCustomer({ tenantId, customerId: second.customerId })).rejects.toMatchObject({ code: status.NOT_FOUND, errorCode: 'CUSTOMER_ERASED' });
    await expect(identity.setTrait({ tenantId, customerId, trait: { name: 'usual_mood', value: 'x', confidence: 0.5, source: '', updatedAt: undefined } })).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(identity.unmergeCustomer({ tenantId, mergeId: joined.mergeIds[0] })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    // Erasing again (by either id) is harmless and answers with the first erasure.
    expect((await identity.eraseCustomer({ tenantId, customerId, reason: '' })).erasedAt).toEqual(erased.erasedAt);
    await expect(identity.eraseCustomer({ tenantId, customerId: second.customerId, reason: '' })).resolves.toBeDefined();

    // A late message for the erased customer, then one for someone else: once the second is in, the first was handled (and dropped).
    await publishInbound(events, { tenantId, customerId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, externalUserId: 'erin-tg-77', text: 'late: Erin Privatova again' });
    const witness = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'witness-77' }));
    await publishInbound(events, { tenantId, customerId: witness.customerId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, externalUserId: 'witness-77', text: 'witness' });
    await eventually(async () => (await timelineTexts(identity, tenantId, witness.customerId)).length === 1, 'witness message');

    const needles = ['erin', 'privatova', '447911123456', 'baker street', 'whiskers', 'cheerful'];
    const tables: { table_name: string }[] = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const leftovers: string[] = [];
    for (const { table_name } of tables) {
      for (const needle of needles) {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text ILIKE $1`, [`%${needle}%`]);
        if (n) leftovers.push(`${table_name}: ${n} row(s) with "${needle}"`);
      }
    }
    expect(leftovers).toEqual([]);
    const [{ n: tombstones }] = await db.query(`SELECT count(*)::int AS n FROM customer_tombstones WHERE customer_id = ANY($1::uuid[])`, [[first.customerId, second.customerId]]);
    expect(tombstones).toBe(2);

    const erasedEvents = await readTopic(`${prefix}${Topics.identityCustomerErased}`);
    expect(erasedEvents[0].key).toBe(customerId);
    expect(JSON.parse(erasedEvents[0].value)).toMatchObject({ tenantId, customerId });
    // The same identifier later is a new contact: a new, empty customer.
    const again = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'erin-tg-77' }));
    expect(again.created).toBe(true);
    expect((await identity.getCustomerContext({ tenantId, customerId: again.customerId, recentItems: 10 })).totalTimelineItems).toBe(0);
  });

  it('keeps GetCustomerContext bounded for a 10,000-message history: same rows and bytes as a short one, index-only plans', async () => {
    const long = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'long-history', displayName: 'Long' }));
    const short = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'short-history', displayName: 'Shrt' }));
    const load = (customerId: string, n: number) =>
      db.query(
        `INSERT INTO timeline_items (tenant_id, customer_id, kind, channel_kind, channel_id, text, occurred_at, source_event_id, intent)
         SELECT $1, $2::uuid, CASE WHEN g % 2 = 0 THEN 'TIMELINE_ITEM_KIND_INBOUND_MESSAGE' ELSE 'TIMELINE_ITEM_KIND_OUTBOUND_MESSAGE' END,
                CASE WHEN g % 3 = 0 THEN 'CHANNEL_KIND_WIDGET' ELSE 'CHANNEL_KIND_TELEGRAM' END, 'ch',
                'message number ' || g || ' about coffee beans and delivery times', now() - make_interval(mins => $3::int - g), $2::text || ':' || g,
                CASE WHEN g % 2 = 0 THEN (ARRAY['delivery','returns','product_question'])[1 + g % 3] ELSE '' END
         FROM generate_series(1, $3::int) g`,
        [tenantId, customerId, n],
      );
    await load(long.customerId, 10_000);
    await load(short.customerId, 30);
    await db.transaction((m) => service.app.get(TimelineRepository).rebuildStats(m, tenantId, [long.customerId, short.customerId]));
    await db.query(`ANALYZE timeline_items`);
    // One new message through Kafka on top of the bulk history: the running totals keep counting.
    await publishInbound(events, { tenantId, customerId: long.customerId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, externalUserId: 'long-history', text: 'the newest message' });
    await eventually(async () => (await identity.getCustomerContext({ tenantId, customerId: long.customerId, recentItems: 20 })).totalTimelineItems === 10_001, 'live message counted');

    const big = await identity.getCustomerContext({ tenantId, customerId: long.customerId, recentItems: 20 });
    const small = await identity.getCustomerContext({ tenantId, customerId: short.customerId, recentItems: 20 });
    expect(big.recentTimeline).toHaveLength(20);
    expect(small.recentTimeline).toHaveLength(20);
    expect(big.recentTimeline[19].text).toBe('the newest message');
    expect(big.historyDigest).toMatch(/^9981 earlier timeline items since/);
    expect(big.historyDigest).toMatch(/channels: telegram 6668, widget 3333/);
    expect(big.historyDigest).toMatch(/frequent topics: /);
    const bytes = (x: IdentityV1.GetCustomerContextResponse) => Buffer.byteLength(JSON.stringify(x));
    // Same shape, same size (the digest only differs in its numbers): no part of the answer grows with the history.
    expect(Math.abs(bytes(big) - bytes(small))).toBeLessThan(300);
    expect((await identity.getCustomerContext({ tenantId, customerId: long.customerId, recentItems: 10_000 })).recentTimeline).toHaveLength(50);

    const explain = async (sql: string, params: unknown[]) => {
      const [{ 'QUERY PLAN': [plan] }] = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
      return nodes(plan.Plan as PlanNode);
    };
    for (const customerId of [long.customerId, short.customerId]) {
      const recent = await explain(RECENT_ITEMS_SQL, [tenantId, customerId, 20]);
      expect(recent.some((n) => n['Node Type'] === 'Seq Scan' || n['Node Type'] === 'Sort')).toBe(false);
      expect(Math.max(...recent.map((n) => n['Actual Rows']))).toBeLessThanOrEqual(20);
      expect(recent[0]['Shared Hit Blocks'] + recent[0]['Shared Read Blocks']).toBeLessThan(60);
      const stats = await explain(STATS_SQL, [tenantId, customerId]);
      expect(stats.some((n) => n['Node Type'] === 'Seq Scan')).toBe(false);
      expect(Math.max(...stats.map((n) => n['Actual Rows']))).toBeLessThanOrEqual(1);
      const facts = await explain(TOP_FACTS_SQL, [tenantId, customerId, 20]);
      expect(Math.max(...facts.map((n) => n['Actual Rows']))).toBeLessThanOrEqual(20);
      // The one statement GetCustomerContext runs: no part of it scans the history.
      const whole = await explain(CONTEXT_SQL, [tenantId, customerId, 20, 20]);
      expect(whole.filter((n) => n['Relation Name'] === 'timeline_items').map((n) => n['Node Type'])).not.toContain('Seq Scan');
      expect(Math.max(...whole.map((n) => n['Actual Rows']))).toBeLessThanOrEqual(20);
      expect(whole[0]['Shared Hit Blocks'] + whole[0]['Shared Read Blocks']).toBeLessThan(120);
    }
  });
});
