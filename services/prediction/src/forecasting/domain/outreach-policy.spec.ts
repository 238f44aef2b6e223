import { atLocalHour, bestContactHour, chooseChannel, ContactProfile, decideOutreach, DEFAULT_OUTREACH_SETTINGS as S, plannedOutreachAt, WHATSAPP } from './outreach-policy';

const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);
const profile = (p: Partial<ContactProfile> = {}): ContactProfile => ({ timezone: 'UTC', hourCounts: hours({}), lastInboundByChannel: {}, ...p });
const at = (iso: string) => new Date(iso);

describe('outreach timing', () => {
  it('learns the hour the customer answers in, outside quiet hours; default before enough answers', () => {
    expect(bestContactHour(profile({ hourCounts: hours({ 8: 4, 9: 1, 19: 2 }) }), S)).toBe(9); // 8 is quiet (before 9)
    expect(bestContactHour(profile({ hourCounts: hours({ 18: 3, 19: 4, 12: 2 }) }), S)).toBe(19);
    expect(bestContactHour(profile({ hourCounts: hours({ 19: 2 }) }), S)).toBe(10);
    expect(bestContactHour(undefined, S)).toBe(10);
  });

  it('plans lead time before run-out at the best local hour, across time zones', () => {
    const p = profile({ hourCounts: hours({ 19: 5 }) });
    expect(plannedOutreachAt(at('2026-05-10T03:00:00Z'), p, S).toISOString()).toBe('2026-05-08T19:00:00.000Z');
    const berlin = profile({ timezone: 'Europe/Berlin', hourCounts: hours({ 19: 5 }) });
    expect(plannedOutreachAt(at('2026-05-10T03:00:00Z'), berlin, S).toISOString()).toBe('2026-05-08T17:00:00.000Z');
    expect(atLocalHour(at('2026-01-15T12:00:00Z'), 9, 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:00:00.000Z');
  });

  const base = { plannedAt: at('2026-05-08T19:00:00Z'), runOutAt: at('2026-05-10T19:00:00Z'), alreadySentThisCycle: false, marketingConsent: true, profile: profile() };

  it('is due from the planned hour on, and not before', () => {
    expect(decideOutreach({ ...base, asOf: at('2026-05-08T18:59:00Z') }, S)).toMatchObject({ due: false, reason: 'not_yet' });
    expect(decideOutreach({ ...base, asOf: at('2026-05-08T19:05:00Z') }, S)).toMatchObject({ due: true, dueAt: at('2026-05-08T19:00:00Z') });
  });

  it('waits for the next day\'s slot when the slot was missed, and never sends in quiet hours', () => {
    expect(decideOutreach({ ...base, asOf: at('2026-05-08T23:30:00Z') }, S)).toMatchObject({ due: false, reason: 'missed_slot', nextAt: at('2026-05-09T19:00:00Z') });
    expect(decideOutreach({ ...base, asOf: at('2026-05-09T19:30:00Z') }, S)).toMatchObject({ due: true, dueAt: at('2026-05-09T19:00:00Z') });
    const late = { ...base, plannedAt: at('2026-05-08T20:00:00Z') };
    expect(decideOutreach({ ...late, asOf: at('2026-05-08T21:10:00Z') }, S)).toMatchObject({ due: false, reason: 'quiet_hours' });
  });

  it('respects consent, the frequency cap, one message per cycle and staleness', () => {
    const asOf = at('2026-05-08T19:10:00Z');
    expect(decideOutreach({ ...base, asOf, marketingConsent: false }, S)).toMatchObject({ due: false, reason: 'no_consent' });
    expect(decideOutreach({ ...base, asOf, lastOutreachAt: at('2026-05-03T10:00:00Z') }, S)).toMatchObject({ due: false, reason: 'frequency_cap' });
    expect(decideOutreach({ ...base, asOf, lastOutreachAt: at('2026-04-30T10:00:00Z') }, S)).toMatchObject({ due: true });
    expect(decideOutreach({ ...base, asOf, alreadySentThisCycle: true }, S)).toMatchObject({ due: false, reason: 'already_sent' });
    expect(decideOutreach({ ...base, asOf: at('2026-06-08T19:10:00Z') }, S)).toMatchObject({ due: false, reason: 'stale' });
  });

  it('uses WhatsApp only inside its 24-hour window, else another channel the customer used, else a template', () => {
    const now = at('2026-05-08T19:00:00Z');
    const recent = profile({ lastInboundByChannel: { [WHATSAPP]: at('2026-05-08T10:00:00Z'), CHANNEL_KIND_EMAIL: at('2026-04-01T10:00:00Z') } });
    expect(chooseChannel(recent, now)).toEqual({ channelKind: WHATSAPP, requiresTemplate: false });
    const old = profile({ lastInboundByChannel: { [WHATSAPP]: at('2026-05-01T10:00:00Z'), CHANNEL_KIND_EMAIL: at('2026-04-01T10:00:00Z') } });
    expect(chooseChannel(old, now)).toEqual({ channelKind: 'CHANNEL_KIND_EMAIL', requiresTemplate: false });
    expect(chooseChannel(profile({ lastInboundByChannel: { [WHATSAPP]: at('2026-05-01T10:00:00Z') } }), now)).toEqual({ channelKind: WHATSAPP, requiresTemplate: true });
    expect(chooseChannel(profile({ lastInboundByChannel: { CHANNEL_KIND_TELEGRAM: at('2026-01-01T10:00:00Z') } }), now)).toEqual({ channelKind: 'CHANNEL_KIND_TELEGRAM', requiresTemplate: false });
  });
});
