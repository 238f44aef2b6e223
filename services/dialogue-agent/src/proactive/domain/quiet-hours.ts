/** Minutes since local midnight of `at` in the IANA time zone `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const parse = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When quiet hours ("21:00-09:00", may wrap midnight) hold at `now` in the customer's zone, the first moment
 * after them; otherwise undefined (sending now is fine). Minute precision is enough for messaging.
 */
export function quietUntil(now: Date, quietHours: string, timeZone: string): Date | undefined {
  if (!quietHours) return undefined;
  const [from, to] = quietHours.split('-').map(parse);
  if (from === to) return undefined;
  const m = localMinutes(now, timeZone);
  const inside = from < to ? m >= from && m < to : m >= from || m < to;
  if (!inside) return undefined;
  const wait = (to - m + 24 * 60) % (24 * 60);
  const next = new Date(now.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}

export function safeTimeZone(tz: string | undefined, fallback: string): string {
  if (!tz) return fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return fallback;
  }
}
