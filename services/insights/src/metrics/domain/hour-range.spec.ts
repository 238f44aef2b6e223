import { toTimestamp } from '@concierge/contracts';
import { hourBucket, hourRange } from './hour-range';

const at = (iso: string) => new Date(iso);

describe('hourRange', () => {
  it('starts at the whole hour the range starts in', () => {
    const range = hourRange({ from: toTimestamp(at('2026-02-10T10:30:00Z')), to: toTimestamp(at('2026-02-10T11:00:00Z')) });
    expect(range).toEqual({ fromHour: at('2026-02-10T10:00:00Z'), to: at('2026-02-10T11:00:00Z') });
  });

  it('defaults to the 24 hours before now', () => {
    expect(hourRange(undefined, at('2026-02-10T10:30:00Z'))).toEqual({ fromHour: at('2026-02-09T10:00:00Z'), to: at('2026-02-10T10:30:00Z') });
  });

  it('rejects empty, reversed and unreadable ranges', () => {
    const t = toTimestamp(at('2026-02-10T10:00:00Z'));
    expect(() => hourRange({ from: t, to: t })).toThrow(expect.objectContaining({ code: 'RANGE_INVALID' }));
    expect(() => hourRange({ from: { seconds: 'x', nanos: 0 }, to: t })).toThrow(expect.objectContaining({ code: 'RANGE_INVALID' }));
  });

  it('buckets by UTC hour', () => {
    expect(hourBucket(at('2026-02-10T10:59:59.999Z'))).toEqual(at('2026-02-10T10:00:00Z'));
  });
});
