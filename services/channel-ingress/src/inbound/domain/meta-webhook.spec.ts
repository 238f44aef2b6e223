import { parseMetaWebhook } from './meta-webhook';
import { parseVoiceBatch } from './voice-batch';
import { RateLimiter } from './rate-limiter';
import { verifyMailgunSignature, verifyMetaSignature, verifyTimestampedHmac, hmacHex } from './webhook-signature';

const wa = (value: Record<string, unknown>) => ({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'PN' }, ...value } }] }] });

describe('parseMetaWebhook', () => {
  it('reads WhatsApp text with the contact name, and skips reactions', () => {
    const events = parseMetaWebhook(
      wa({
        contacts: [{ profile: { name: 'Kerry' }, wa_id: '16315551181' }],
        messages: [
          { from: '16315551181', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: 'hi' } },
          { from: '16315551181', id: 'wamid.2', timestamp: '1700000001', type: 'reaction', reaction: { emoji: '👍' } },
        ],
      }),
    );
    expect(events).toEqual([expect.objectContaining({ type: 'message', externalMessageId: 'wamid.1', userId: '16315551181', displayName: 'Kerry', text: 'hi', businessId: 'PN', sentAt: new Date(1700000000 * 1000) })]);
  });

  it('reads a voice note, a list reply and a template quick-reply button', () => {
    const events = parseMetaWebhook(
      wa({
        messages: [
          { from: '1', id: 'a', type: 'audio', audio: { id: 'media-1', mime_type: 'audio/ogg; codecs=opus', voice: true } },
          { from: '1', id: 'b', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'slot:9', title: 'Tue 10-12' } } },
          { from: '1', id: 'c', type: 'button', button: { payload: 'snooze:5', text: 'Not now' } },
        ],
      }),
    );
    expect(events).toEqual([
      expect.objectContaining({ externalMessageId: 'a', attachments: [expect.objectContaining({ kind: 'voice', externalId: 'media-1' })] }),
      expect.objectContaining({ externalMessageId: 'b', text: 'Tue 10-12', buttonPayload: 'slot:9' }),
      expect.objectContaining({ externalMessageId: 'c', text: 'Not now', buttonPayload: 'snooze:5' }),
    ]);
  });

  it('reads status callbacks with their errors, ignoring unknown statuses', () => {
    const events = parseMetaWebhook(wa({ statuses: [{ id: 'wamid.9', status: 'failed', recipient_id: '1', errors: [{ code: 131047, title: 'Re-engagement message' }] }, { id: 'x', status: 'deleted' }] }));
    expect(events).toEqual([{ type: 'status', externalId: 'wamid.9', status: 'failed', error: '131047 Re-engagement message', recipientId: '1' }]);
  });

  it('reads Messenger messages and postbacks, and skips echoes and receipts', () => {
    const events = parseMetaWebhook({
      object: 'page',
      entry: [{ id: 'PAGE', messaging: [
        { sender: { id: 'u' }, recipient: { id: 'PAGE' }, timestamp: 1, message: { mid: 'm1', text: 'hello' } },
        { sender: { id: 'PAGE' }, recipient: { id: 'u' }, timestamp: 2, message: { mid: 'm2', text: 'our reply', is_echo: true } },
        { sender: { id: 'u' }, recipient: { id: 'PAGE' }, timestamp: 3, delivery: { mids: ['m2'] } },
        { sender: { id: 'u' }, recipient: { id: 'PAGE' }, timestamp: 4, postback: { mid: 'm3', title: 'Track', payload: 'track' } },
      ] }],
    });
    expect(events.map((e) => (e.type === 'message' ? [e.externalMessageId, e.text, e.buttonPayload] : e.type))).toEqual([['m1', 'hello', ''], ['m3', 'Track', 'track']]);
  });

  it('refuses a body that is not a Meta webhook', () => {
    expect(() => parseMetaWebhook({ hello: 1 })).toThrow(expect.objectContaining({ code: 'MALFORMED_PAYLOAD' }));
    expect(() => parseMetaWebhook(wa({ messages: [{ type: 'text' }] }))).toThrow(expect.objectContaining({ code: 'MALFORMED_PAYLOAD' }));
  });
});

describe('signatures', () => {
  const raw = Buffer.from('{"a":1}');
  it('checks X-Hub-Signature-256 over the raw bytes', () => {
    expect(() => verifyMetaSignature(raw, `sha256=${hmacHex('s', raw)}`, 's')).not.toThrow();
    expect(() => verifyMetaSignature(raw, undefined, 's')).toThrow(expect.objectContaining({ kind: 'unauthenticated' }));
    expect(() => verifyMetaSignature(Buffer.from('{"a":2}'), `sha256=${hmacHex('s', raw)}`, 's')).toThrow(expect.objectContaining({ kind: 'permission_denied' }));
    expect(() => verifyMetaSignature(raw, `sha1=${hmacHex('s', raw)}`, 's')).toThrow(expect.objectContaining({ kind: 'permission_denied' }));
  });
  it('refuses a correctly signed but stale timestamp as a replay', () => {
    const now = 1_800_000_000_000;
    const ts = String(now / 1000 - 301);
    expect(() => verifyTimestampedHmac(raw, ts, `sha256=${hmacHex('k', `${ts}.{"a":1}`)}`, 'k', 300, now)).toThrow(expect.objectContaining({ code: 'WEBHOOK_REPLAYED' }));
    const fresh = String(now / 1000 - 10);
    expect(() => verifyTimestampedHmac(raw, fresh, `sha256=${hmacHex('k', `${fresh}.{"a":1}`)}`, 'k', 300, now)).not.toThrow();
  });
  it('checks Mailgun signatures', () => {
    const now = 1_800_000_000_000;
    const timestamp = String(now / 1000);
    expect(() => verifyMailgunSignature({ timestamp, token: 't', signature: hmacHex('key', `${timestamp}t`) }, 'key', 300, now)).not.toThrow();
    expect(() => verifyMailgunSignature({ timestamp, token: 't', signature: hmacHex('other', `${timestamp}t`) }, 'key', 300, now)).toThrow(expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }));
  });
});

describe('parseVoiceBatch', () => {
  it('keeps customer speech as text and reports prosody weighted by duration', () => {
    const b = parseVoiceBatch({ callId: 'c1', sequence: 2, caller: { phone: '+1 (415) 555-0101' }, segments: [
      { speaker: 'customer', text: 'one', start: 0, end: 1, prosody: { speechRateWpm: 100, pitchHz: 200 } },
      { speaker: 'bot', text: 'ok', start: 1, end: 2 },
      { speaker: 'caller', text: 'two', start: 5, end: 8, prosody: { speechRateWpm: 200, pitchHz: 100 } },
    ] });
    expect(b).toMatchObject({ callId: 'c1', sequence: 2, callerPhone: '+14155550101', text: 'one two' });
    expect(b.affect.speechRateWpm).toBe(175);
    expect(b.affect.pitchHz).toBe(125);
    expect(b.affect.typingPauseSeconds).toBe(4);
  });
  it.each([
    [{ sequence: 0, segments: [{ speaker: 'customer', text: 'x' }] }, 'callId'],
    [{ callId: 'c', segments: [{ speaker: 'customer', text: 'x' }] }, 'sequence'],
    [{ callId: 'c', sequence: 0, segments: [] }, 'segments'],
    [{ callId: 'c', sequence: 0, segments: [{ speaker: 'customer', text: 'x', start: 3, end: 1 }] }, 'end is before start'],
  ])('refuses a malformed batch (%#)', (body, message) => {
    expect(() => parseVoiceBatch(body)).toThrow(expect.objectContaining({ code: 'MALFORMED_PAYLOAD', message: expect.stringContaining(message) }));
  });
});

describe('RateLimiter', () => {
  it('admits a burst, then asks to wait, then refills', () => {
    const l = new RateLimiter(60, 3);
    const t = 1_000_000;
    expect([l.take('a', t), l.take('a', t), l.take('a', t)]).toEqual([0, 0, 0]);
    expect(l.take('a', t)).toBe(1);
    expect(l.take('b', t)).toBe(0);
    expect(l.take('a', t + 1000)).toBe(0);
  });
});
