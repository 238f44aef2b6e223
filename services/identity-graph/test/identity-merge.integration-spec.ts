import { status } from '@grpc/grpc-js';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommonV1, IdentityV1, ServiceProtos, Topics } from '@concierge/contracts';
import { eventually, readTopic, startTestService, TEST_INTERNAL_API_KEY, TestEventPublisher, TestService, testTopicPrefix } from '@concierge/testing';
import { AppModule, SERVICE } from '../src/app.module';
import { hint, IdentityClient, publishInbound, publishReply, resolveReq, timelineTexts, Type } from './identity-helpers';

const Purpose = IdentityV1.ConsentPurpose;
const Channel = CommonV1.ChannelKind;

describe('identity-graph merging (real Postgres, Kafka and gRPC)', () => {
  let service: TestService;
  let identity: IdentityClient;
  let events: TestEventPublisher;
  let prefix: string;

  beforeAll(async () => {
    prefix = testTopicPrefix('identity-merge');
    service = await startTestService(AppModule, SERVICE, { KAFKA_TOPIC_PREFIX: prefix, TENANT_API_KEYS: 'acme:acme-secret-key,globex:globex-secret-key' });
    identity = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity);
    events = new TestEventPublisher(prefix);
  });

  afterAll(async () => {
    await events?.close();
    await service?.close();
  });

  it('makes a Telegram user and a widget visitor one customer when the same verified email appears; unmerge restores both exactly', async () => {
    const tenantId = 'acme';
    const tg = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: '5001', displayName: 'Anna' }));
    const widget = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'visitor-5001' }));
    expect(widget.customerId).not.toBe(tg.customerId);

    const tgMsg = await publishInbound(events, { tenantId, customerId: tg.customerId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, externalUserId: '5001', text: 'telegram: do you ship to Lyon?', at: new Date(Date.now() - 60_000) });
    await publishReply(events, { tenantId, customerId: tg.customerId, inReplyTo: tgMsg, kind: Channel.CHANNEL_KIND_TELEGRAM, text: 'telegram reply: yes, in 2 days', at: new Date(Date.now() - 59_000) });
    const wMsg = await publishInbound(events, { tenantId, customerId: widget.customerId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, externalUserId: 'visitor-5001', text: 'widget: where is my order?', at: new Date(Date.now() - 30_000) });
    await publishReply(events, { tenantId, customerId: widget.customerId, inReplyTo: wMsg, kind: Channel.CHANNEL_KIND_WIDGET, text: 'widget reply: it left today', at: new Date(Date.now() - 29_000) });
    await eventually(async () => (await timelineTexts(identity, tenantId, widget.customerId)).length === 2 && (await timelineTexts(identity, tenantId, tg.customerId)).length === 2, 'both timelines');

    // The widget visitor's profile before the merge: it must come back exactly.
    await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'visitor-5001', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, 'Anna@Example.com')] }));
    await identity.setTrait({ tenantId, customerId: widget.customerId, trait: { name: 'decision_style', value: 'rational', confidence: 0.7, source: 'dialogue', updatedAt: undefined } });
    await identity.rememberFact({ tenantId, customerId: widget.customerId, subject: 'coffee', fact: 'prefers oat milk', sourceTurnId: 'turn-1', confidence: 0.9, expiresAt: undefined });
    await identity.setConsent({ tenantId, customerId: widget.customerId, purpose: Purpose.CONSENT_PURPOSE_MARKETING, channelKind: Channel.CHANNEL_KIND_WIDGET, granted: true, source: 'widget-checkbox' });
    await identity.setProfileAttributes({ tenantId, customerId: widget.customerId, attributes: [{ key: 'size.shoes', value: '38', source: 'widget-form', updatedAt: undefined }], source: '' });
    const widgetBefore = await identity.getCustomerContext({ tenantId, customerId: widget.customerId, recentItems: 50 });

    // The same verified email on Telegram: merge. The survivor is the oldest (the Telegram customer).
    const merged = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: '5001', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, ' anna@example.COM ')] }));
    expect(merged).toMatchObject({ customerId: tg.customerId, created: false, reviewIds: [] });
    expect(merged.mergeIds).toHaveLength(1);
    const mergeId = merged.mergeIds[0];

    const ctx = await identity.getCustomerContext({ tenantId, customerId: tg.customerId, recentItems: 10 });
    expect(ctx.recentTimeline.map((i) => i.text)).toEqual([
      'telegram: do you ship to Lyon?',
      'telegram reply: yes, in 2 days',
      'widget: where is my order?',
      'widget reply: it left today',
    ]);
    expect(new Set(ctx.recentTimeline.map((i) => i.channelKind))).toEqual(new Set([Channel.CHANNEL_KIND_TELEGRAM, Channel.CHANNEL_KIND_WIDGET]));
    expect(ctx.customer?.identities.map((i) => i.type).sort()).toEqual([Type.IDENTIFIER_TYPE_EMAIL, Type.IDENTIFIER_TYPE_TELEGRAM_USER, Type.IDENTIFIER_TYPE_WIDGET_VISITOR].sort());
    expect(ctx.traits).toEqual([expect.objectContaining({ name: 'decision_style', value: 'rational' })]);
    expect(ctx.facts).toEqual([expect.objectContaining({ fact: 'prefers oat milk' })]);
    expect(ctx.customer?.attributes).toMatchObject({ name: 'Anna', 'size.shoes': '38' });
    expect((await identity.checkConsent({ tenantId, customerId: tg.customerId, purpose: Purpose.CONSENT_PURPOSE_MARKETING, channelKind: Channel.CHANNEL_KIND_WIDGET })).granted).toBe(true);
    // The merged id still answers, with the survivor; the widget visitor now resolves to the survivor.
    expect((await identity.getCustomer({ tenantId, customerId: widget.customerId })).customer?.customerId).toBe(tg.customerId);
    expect((await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'visitor-5001' }))).customerId).toBe(tg.customerId);

    const [mergedEvent] = await readTopic(`${prefix}${Topics.identityCustomerMerged}`);
    expect(mergedEvent.key).toBe(tg.customerId);
    expect(mergedEvent.headers.ce_id).toBe(mergeId);
    expect(JSON.parse(mergedEvent.value)).toMatchObject({ tenantId, mergeId, survivorCustomerId: tg.customerId, mergedCustomerId: widget.customerId });

    // Life goes on after the merge: ingress resolves both channels to the survivor.
    await publishInbound(events, { tenantId, customerId: tg.customerId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, externalUserId: 'visitor-5001', text: 'widget after merge' });
    await publishInbound(events, { tenantId, customerId: tg.customerId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, externalUserId: '5001', text: 'telegram after merge' });
    await eventually(async () => (await timelineTexts(identity, tenantId, tg.customerId)).length === 6, 'post-merge messages');
    await identity.setTrait({ tenantId, customerId: tg.customerId, trait: { name: 'best_contact_hour', value: '19', confidence: 0.6, source: 'prediction', updatedAt: undefined } });

    const unmerged = await identity.unmergeCustomer({ tenantId, mergeId });
    expect(unmerged.customerIds.sort()).toEqual([tg.customerId, widget.customerId].sort());

    const widgetAfter = await identity.getCustomerContext({ tenantId, customerId: widget.customerId, recentItems: 50 });
    expect(widgetAfter.customer).toEqual({ ...widgetBefore.customer, updatedAt: widgetAfter.customer?.updatedAt });
    expect(widgetAfter.traits).toEqual(widgetBefore.traits);
    expect(widgetAfter.facts).toEqual(widgetBefore.facts);
    expect(widgetAfter.consents).toEqual(widgetBefore.consents);
    expect(widgetAfter.recentTimeline.map((i) => i.text)).toEqual(['widget: where is my order?', 'widget reply: it left today', 'widget after merge']);
    const tgAfter = await identity.getCustomerContext({ tenantId, customerId: tg.customerId, recentItems: 50 });
    expect(tgAfter.recentTimeline.map((i) => i.text)).toEqual(['telegram: do you ship to Lyon?', 'telegram reply: yes, in 2 days', 'telegram after merge']);
    expect(tgAfter.customer?.identities.map((i) => i.type)).toEqual([Type.IDENTIFIER_TYPE_TELEGRAM_USER]);
    expect(tgAfter.traits.map((t) => t.name)).toEqual(['best_contact_hour']);
    expect(tgAfter.facts).toEqual([]);
    expect((await identity.checkConsent({ tenantId, customerId: tg.customerId, purpose: Purpose.CONSENT_PURPOSE_MARKETING, channelKind: Channel.CHANNEL_KIND_WIDGET })).granted).toBe(false);
    expect((await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'visitor-5001' }))).customerId).toBe(widget.customerId);
    const lineage = await identity.listMerges({ tenantId, customerId: widget.customerId });
    expect(lineage.merges).toEqual([expect.objectContaining({ mergeId, automatic: true, unmergedAt: expect.anything() })]);
    await expect(identity.unmergeCustomer({ tenantId, mergeId })).rejects.toMatchObject({ code: status.FAILED_PRECONDITION, errorCode: 'MERGE_NOT_UNDOABLE' });
    const [unmergedEvent] = await readTopic(`${prefix}${Topics.identityCustomerUnmerged}`);
    expect(unmergedEvent.key).toBe(widget.customerId);
    expect(JSON.parse(unmergedEvent.value)).toMatchObject({ tenantId, mergeId, survivorCustomerId: tg.customerId, restoredCustomerId: widget.customerId });
  });

  it('never merges two CRM ids: the shared verified email opens a review instead, and a manual merge needs force', async () => {
    const tenantId = 'acme';
    const a = await identity.upsertCrmCustomer({ ...IdentityV1.UpsertCrmCustomerRequest.fromJSON({}), tenantId, crmId: 'CRM-A', email: 'bob@example.com', emailVerified: true, displayName: 'Bob A' });
    const b = await identity.upsertCrmCustomer({ ...IdentityV1.UpsertCrmCustomerRequest.fromJSON({}), tenantId, crmId: 'CRM-B', displayName: 'Bob B' });
    const claim = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_CRM_ID, value: 'CRM-B', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, 'bob@example.com')] }));
    expect(claim).toMatchObject({ customerId: b.customerId, mergeIds: [] });
    expect(claim.reviewIds).toHaveLength(1);
    expect((await identity.getCustomer({ tenantId, customerId: a.customerId })).customer?.customerId).toBe(a.customerId);
    expect((await identity.getCustomer({ tenantId, customerId: b.customerId })).customer?.customerId).toBe(b.customerId);

    const open = await identity.listMergeReviews({ tenantId, status: IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_UNSPECIFIED, customerId: a.customerId, page: undefined });
    expect(open.reviews).toEqual([
      expect.objectContaining({ reviewId: claim.reviewIds[0], identifierType: Type.IDENTIFIER_TYPE_EMAIL, identifierValue: 'bob@example.com', reason: expect.stringMatching(/different CRM ids: CRM-B vs CRM-A/) }),
    ]);
    // The same conflict again finds the open review rather than piling up new ones.
    const again = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_CRM_ID, value: 'CRM-B', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, 'bob@example.com')] }));
    expect(again.reviewIds).toEqual(claim.reviewIds);

    await expect(identity.mergeCustomers({ tenantId, survivorCustomerId: a.customerId, mergedCustomerId: b.customerId, reason: 'operator', force: false })).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      errorCode: 'MERGE_CONFLICT',
    });
    const dismissed = await identity.resolveMergeReview({ tenantId, reviewId: claim.reviewIds[0], resolution: IdentityV1.MergeReviewResolution.MERGE_REVIEW_RESOLUTION_DISMISS, survivorCustomerId: '', reason: '' });
    expect(dismissed.review?.status).toBe(IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_DISMISSED);
    expect((await identity.listMergeReviews({ tenantId, status: IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_OPEN, customerId: a.customerId, page: undefined })).reviews).toEqual([]);
  });

  it('does not merge on an unverified email, and merges by hand over gRPC with the survivor the operator chose', async () => {
    const tenantId = 'acme';
    const owner = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_APP_USER, value: 'app-7', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, 'carol@example.com', false)] }));
    const typed = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'visitor-7', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, 'carol@example.com', false)] }));
    expect(typed.customerId).not.toBe(owner.customerId);
    expect(typed.mergeIds).toEqual([]);
    // Verified on one side only (the holder typed it unverified): flagged for review, not merged.
    const verifiedClaim = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WIDGET_VISITOR, value: 'visitor-7', hints: [hint(Type.IDENTIFIER_TYPE_EMAIL, 'carol@example.com', true)] }));
    expect(verifiedClaim).toMatchObject({ customerId: typed.customerId, mergeIds: [] });
    expect(verifiedClaim.reviewIds).toHaveLength(1);

    const manual = await identity.mergeCustomers({ tenantId, survivorCustomerId: typed.customerId, mergedCustomerId: owner.customerId, reason: 'same person, checked by phone', force: false });
    expect(manual.survivorCustomerId).toBe(typed.customerId);
    expect((await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_APP_USER, value: 'app-7' }))).customerId).toBe(typed.customerId);
    const lineage = await identity.listMerges({ tenantId, customerId: typed.customerId });
    expect(lineage.merges[0]).toMatchObject({ mergeId: manual.mergeId, automatic: false, reason: 'same person, checked by phone' });
    await expect(identity.mergeCustomers({ tenantId, survivorCustomerId: typed.customerId, mergedCustomerId: typed.customerId, reason: '', force: false })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('normalizes phones to E.164 with the tenant default region and trusts only the identifiers the tenant configured', async () => {
    const tenantId = 'phone-tenant';
    const settings = await identity.updateTenantSettings({ tenantId, settings: { trustedIdentifierTypes: [Type.IDENTIFIER_TYPE_CRM_ID], defaultRegion: 'de', autoMerge: true } });
    expect(settings.settings).toEqual({ trustedIdentifierTypes: [Type.IDENTIFIER_TYPE_CRM_ID], defaultRegion: 'DE', autoMerge: true });
    const local = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_PHONE, value: '0151 1234 5678' }));
    const intl = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_PHONE, value: '+49 151 12345678' }));
    expect(intl.customerId).toBe(local.customerId);
    expect((await identity.getCustomer({ tenantId, customerId: local.customerId })).customer?.identities[0].value).toBe('+4915112345678');
    const fr = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_PHONE, value: '06 12 34 56 78', defaultRegion: 'FR' }));
    expect((await identity.getCustomer({ tenantId, customerId: fr.customerId })).customer?.identities[0].value).toBe('+33612345678');
    // Phones are not trusted in this tenant: a verified phone shared by two customers does not merge them.
    const other = await identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_TELEGRAM_USER, value: 'tg-de', hints: [hint(Type.IDENTIFIER_TYPE_PHONE, '+4915112345678')] }));
    expect(other.customerId).not.toBe(local.customerId);
    expect(other.mergeIds).toEqual([]);
    await expect(identity.updateTenantSettings({ tenantId, settings: { trustedIdentifierTypes: [], defaultRegion: 'Germany', autoMerge: true } })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'REGION_INVALID' });
  });

  it('creates one customer when many first contacts race, even when they carry a verified email', async () => {
    const tenantId = 'acme';
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        identity.resolveIdentity(resolveReq({ tenantId, type: Type.IDENTIFIER_TYPE_WHATSAPP_USER, value: 'wa-race', hints: i % 2 ? [hint(Type.IDENTIFIER_TYPE_EMAIL, 'race@example.com')] : [] })),
      ),
    );
    expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const { customer } = await identity.getCustomer({ tenantId, customerId: results[0].customerId });
    expect(customer?.identities.map((i) => [i.type, i.value, i.verified])).toEqual(
      expect.arrayContaining([[Type.IDENTIFIER_TYPE_WHATSAPP_USER, 'wa-race', false], [Type.IDENTIFIER_TYPE_EMAIL, 'race@example.com', true]]),
    );
  });

  it('never returns or touches another tenant’s customer', async () => {
    const acme = await identity.resolveIdentity(resolveReq({ tenantId: 'acme', type: Type.IDENTIFIER_TYPE_EMAIL, value: 'shared@example.com', verified: true }));
    const globex = await identity.resolveIdentity(resolveReq({ tenantId: 'globex', type: Type.IDENTIFIER_TYPE_EMAIL, value: 'shared@example.com', verified: true }));
    expect(globex.customerId).not.toBe(acme.customerId);
    expect(globex.mergeIds).toEqual([]);
    const asGlobex = service.client<IdentityV1.IdentityServiceClient>(ServiceProtos.identity, 'globex-secret-key');
    const id = acme.customerId;
    const denied = { code: status.PERMISSION_DENIED };
    const missing = { code: status.NOT_FOUND };
    for (const tenantId of ['acme', 'globex']) {
      const expected = tenantId === 'acme' ? denied : missing;
      await expect(asGlobex.getCustomerContext({ tenantId, customerId: id, recentItems: 5 })).rejects.toMatchObject(expected);
      await expect(asGlobex.exportCustomer({ tenantId, customerId: id })).rejects.toMatchObject(expected);
      await expect(asGlobex.eraseCustomer({ tenantId, customerId: id, reason: '' })).rejects.toMatchObject(expected);
      await expect(asGlobex.checkConsent({ tenantId, customerId: id, purpose: Purpose.CONSENT_PURPOSE_SERVICE, channelKind: Channel.CHANNEL_KIND_UNSPECIFIED })).rejects.toMatchObject(expected);
      await expect(asGlobex.setTrait({ tenantId, customerId: id, trait: { name: 'usual_mood', value: 'calm', confidence: 0.5, source: 'x', updatedAt: undefined } })).rejects.toMatchObject(expected);
      await expect(asGlobex.mergeCustomers({ tenantId, survivorCustomerId: globex.customerId, mergedCustomerId: id, reason: '', force: true })).rejects.toMatchObject(expected);
    }
    // The internal key names the tenant explicitly: still no cross-tenant reads or merges.
    await expect(identity.getCustomer({ tenantId: 'globex', customerId: id })).rejects.toMatchObject(missing);
    await expect(identity.mergeCustomers({ tenantId: 'globex', survivorCustomerId: globex.customerId, mergedCustomerId: id, reason: '', force: true })).rejects.toMatchObject(missing);
    expect((await asGlobex.listMergeReviews({ tenantId: '', status: IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_UNSPECIFIED, customerId: '', page: undefined })).reviews).toEqual([]);
    expect((await identity.getCustomer({ tenantId: 'acme', customerId: id })).customer?.tenantId).toBe('acme');
  });

  it('imports a CRM export with npm run import:crm: progress, upserts keyed by CRM id, a per-row error report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-'));
    const file = path.join(dir, 'crm.csv');
    fs.writeFileSync(
      file,
      [
        'CRM ID,Name,Email,Phone,Email Verified,Marketing Consent,address.home,size.shoes',
        'K-1,Kim Lee,kim@example.com,030 1234567,yes,true,"Hauptstr. 5, Berlin",39',
        'K-2,Ola Nordmann,ola@example.com,not a phone,no,,,',
        ',Nobody,nobody@example.com,,,,,',
        'K-3,Pat Doe,pat@example.com,,,false,,',
      ].join('\n'),
    );
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['-r', './tools/register.js', 'services/identity-graph/cli/import-crm.ts', file, '--tenant', 'crm-tenant', '--grpc', service.grpcAddress, '--region', 'DE'], {
          cwd: path.resolve(__dirname, '../../..'),
          env: { ...process.env, INTERNAL_API_KEY: TEST_INTERNAL_API_KEY },
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const first = await run();
    expect(first.out).toMatch(/crm import: 4\/4 rows \(100%\)/);
    expect(first.out).toMatch(/4 rows, 2 created, 0 updated, 0 merged with existing customers, 0 flagged for merge review, 2 failed/);
    expect(first.code).toBe(1);
    const report = fs.readFileSync(`${file}.errors.csv`, 'utf8').trim().split('\n');
    expect(report).toEqual(['line,crm_id,code,message', expect.stringMatching(/^3,K-2,IDENTIFIER_VALUE_INVALID,/), expect.stringMatching(/^4,,CRM_ID_REQUIRED,/)]);

    const kim = await identity.resolveIdentity(resolveReq({ tenantId: 'crm-tenant', type: Type.IDENTIFIER_TYPE_CRM_ID, value: 'K-1' }));
    const { customer } = await identity.getCustomer({ tenantId: 'crm-tenant', customerId: kim.customerId });
    expect(customer?.displayName).toBe('Kim Lee');
    expect(customer?.identities.map((i) => [i.type, i.value, i.verified]).sort()).toEqual(
      [[Type.IDENTIFIER_TYPE_CRM_ID, 'K-1', true], [Type.IDENTIFIER_TYPE_EMAIL, 'kim@example.com', true], [Type.IDENTIFIER_TYPE_PHONE, '+49301234567', false]].sort(),
    );
    expect(customer?.profile).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'address.home', value: 'Hauptstr. 5, Berlin', source: 'crm' })]));
    expect((await identity.checkConsent({ tenantId: 'crm-tenant', customerId: kim.customerId, purpose: Purpose.CONSENT_PURPOSE_MARKETING, channelKind: Channel.CHANNEL_KIND_EMAIL })).granted).toBe(true);
    // Running the same file again updates in place: no duplicates.
    const second = await run();
    expect(second.out).toMatch(/0 created, 2 updated/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
