import { CommonV1, fromTimestamp } from '@concierge/contracts';
import { MetricsErrorCode, MetricsException } from './metrics.exception';

const HOUR_MS = 3_600_000;
const DEFAULT_SPAN_MS = 24 * HOUR_MS;
const MAX_SPAN_MS = 400 * 24 * HOUR_MS;

/** The UTC hour a moment falls in: counters are kept per hour. */
export function hourBucket(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

export interface HourRange {
  /** First hour counted (inclusive). */
  fromHour: Date;
  /** Hours starting before this are counted. */
  to: Date;
}

function moment(ts: CommonV1.Timestamp | undefined, field: string): Date | undefined {
  if (!ts) return undefined;
  const at = fromTimestamp(ts);
  if (!at || Number.isNaN(at.getTime())) throw new MetricsException(MetricsErrorCode.RangeInvalid, `range.${field} is not a valid time`);
  return at;
}

/** Widens [from, to) to the whole hours it touches; no range means the last 24 hours. */
export function hourRange(range: { from?: CommonV1.Timestamp; to?: CommonV1.Timestamp } | undefined, now = new Date()): HourRange {
  const to = moment(range?.to, 'to') ?? now;
  const from = moment(range?.from, 'from') ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
  if (from.getTime() >= to.getTime()) throw new MetricsException(MetricsErrorCode.RangeInvalid, 'range.from must be before range.to');
  if (to.getTime() - from.getTime() > MAX_SPAN_MS) throw new MetricsException(MetricsErrorCode.RangeInvalid, 'range spans more than 400 days');
  return { fromHour: hourBucket(from), to };
}
