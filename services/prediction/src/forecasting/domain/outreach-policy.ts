import { DAY_MS } from './replenishment';

const HOUR_MS = 3_600_000;

/** Channel kinds as the proto spells them (concierge.common.v1.ChannelKind). */
export const WHATSAPP = 'CHANNEL_KIND_WHATSAPP';

export interface OutreachSettings {
  /** Days between the customer placing an order and receiving it. */
  leadTimeDays: number;
  /** Local hours in [quietStart, quietEnd) (wrapping midnight) when nobody is contacted. */
  quietStartHour: number;
  quietEndHour: number;
  /** Local hour used until the customer has answered often enough for a learned one. */
  defaultHour: number;
  /** At most one proactive message per customer in this many days. */
  frequencyCapDays: number;
  /** A slot missed by more than this (service down, quiet hours) waits for the next day's slot. */
  slotWindowHours: number;
  /** After run-out plus this many days a reorder nudge is stale. */
  staleAfterDays: number;
  /** Contacts needed before the learned hour replaces the default. */
  minContactsForHour: number;
}

export const DEFAULT_OUTREACH_SETTINGS: OutreachSettings = {
  leadTimeDays: 2,
  quietStartHour: 21,
  quietEndHour: 9,
  defaultHour: 10,
  frequencyCapDays: 7,
  slotWindowHours: 3,
  staleAfterDays: 14,
  minContactsForHour: 3,
};

/** What this service knows of how a customer answers: local hours of their messages and the last contact per channel. */
export interface ContactProfile {
  timezone: string;
  /** 24 counts of the customer's messages by local hour. */
  hourCounts: number[];
  /** Channel kind → time of the customer's last message on it. */
  lastInboundByChannel: Record<string, Date>;
}

const hourFormats = new Map<string, Intl.DateTimeFormat | null>();
const partFormats = new Map<string, Intl.DateTimeFormat | null>();

// Building an Intl formatter costs far more than using one: one per zone, reused (null = unknown zone).
function cachedFormat(cache: Map<string, Intl.DateTimeFormat | null>, timezone: string, options: Intl.DateTimeFormatOptions, locale: string): Intl.DateTimeFormat | null {
  let f = cache.get(timezone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(locale, { timeZone: timezone, hourCycle: 'h23', ...options });
    } catch {
      f = null;
    }
    cache.set(timezone, f);
  }
  return f;
}

const isUtc = (timezone: string) => timezone === 'UTC' || timezone === 'Etc/UTC' || !timezone;

/** Hour of day (0–23) of an instant in an IANA time zone; an unknown zone counts as UTC. */
export function localHour(at: Date, timezone: string): number {
  if (isUtc(timezone)) return at.getUTCHours();
  const f = cachedFormat(hourFormats, timezone, { hour: '2-digit' }, 'en-GB');
  return f ? Number(f.format(at)) % 24 : at.getUTCHours();
}

/** Offset of the zone from UTC at that instant, in ms. */
export function zoneOffsetMs(at: Date, timezone: string): number {
  if (isUtc(timezone)) return 0;
  const f = cachedFormat(partFormats, timezone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }, 'en-US');
  if (!f) return 0;
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

export function isQuietHour(hour: number, s: OutreachSettings): boolean {
  return s.quietStartHour > s.quietEndHour ? hour >= s.quietStartHour || hour < s.quietEndHour : hour >= s.quietStartHour && hour < s.quietEndHour;
}

/** The local hour the customer most often writes in (neighbouring hours count half), never a quiet hour. */
export function bestContactHour(profile: ContactProfile | undefined, s: OutreachSettings): number {
  const counts = profile?.hourCounts ?? [];
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < s.minContactsForHour) return s.defaultHour;
  let best = s.defaultHour;
  let bestScore = -1;
  for (let h = 0; h < 24; h++) {
    if (isQuietHour(h, s)) continue;
    const score = (counts[h] ?? 0) + 0.5 * ((counts[(h + 23) % 24] ?? 0) + (counts[(h + 1) % 24] ?? 0));
    if (score > bestScore) [best, bestScore] = [h, score];
  }
  return best;
}

/** The instant of local hour `hour` on the local calendar day containing `day`. */
export function atLocalHour(day: Date, hour: number, timezone: string): Date {
  const offset = zoneOffsetMs(day, timezone);
  const local = new Date(day.getTime() + offset);
  const guess = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - offset;
  // Re-read the offset at the target instant so a DST change between the two does not shift the hour.
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - zoneOffsetMs(new Date(guess), timezone));
}

/** When to reach out about a run-out: lead time before it, on that day's best hour for this customer. */
export function plannedOutreachAt(runOutAt: Date, profile: ContactProfile | undefined, s: OutreachSettings): Date {
  const day = new Date(runOutAt.getTime() - s.leadTimeDays * DAY_MS);
  return atLocalHour(day, bestContactHour(profile, s), profile?.timezone ?? 'UTC');
}

export interface ChannelChoice {
  channelKind: string;
  /** WhatsApp outside its 24-hour customer-service window: only an approved template may be sent. */
  requiresTemplate: boolean;
}

/**
 * The channel the customer last wrote on. WhatsApp allows free-form business messages only within 24 hours
 * of the customer's last message, so outside it another channel they used is preferred, else a template.
 */
export function chooseChannel(profile: ContactProfile | undefined, at: Date): ChannelChoice {
  const entries = Object.entries(profile?.lastInboundByChannel ?? {}).sort((x, y) => y[1].getTime() - x[1].getTime());
  if (!entries.length) return { channelKind: '', requiresTemplate: false };
  const [channelKind, lastAt] = entries[0];
  if (channelKind !== WHATSAPP || at.getTime() - lastAt.getTime() <= 24 * HOUR_MS) return { channelKind, requiresTemplate: false };
  const other = entries.find(([k]) => k !== WHATSAPP);
  return other ? { channelKind: other[0], requiresTemplate: false } : { channelKind, requiresTemplate: true };
}

export interface OutreachCheck {
  plannedAt: Date;
  runOutAt: Date;
  asOf: Date;
  profile?: ContactProfile;
  lastOutreachAt?: Date;
  alreadySentThisCycle: boolean;
  marketingConsent: boolean;
}

export type OutreachDecision =
  | { due: true; dueAt: Date; channel: ChannelChoice }
  | { due: false; reason: 'not_yet' | 'stale' | 'already_sent' | 'quiet_hours' | 'frequency_cap' | 'no_consent' | 'missed_slot'; nextAt?: Date };

/**
 * Decides at `asOf` whether a planned outreach goes out now. A slot missed by more than the window moves
 * to the same hour the next day, so a message is never sent at a random hour after downtime.
 */
export function decideOutreach(c: OutreachCheck, s: OutreachSettings): OutreachDecision {
  const asOf = c.asOf.getTime();
  if (c.alreadySentThisCycle) return { due: false, reason: 'already_sent' };
  if (asOf < c.plannedAt.getTime()) return { due: false, reason: 'not_yet', nextAt: c.plannedAt };
  if (asOf > c.runOutAt.getTime() + s.staleAfterDays * DAY_MS) return { due: false, reason: 'stale' };
  const daysLate = Math.floor((asOf - c.plannedAt.getTime()) / DAY_MS);
  const slot = c.plannedAt.getTime() + daysLate * DAY_MS;
  if (asOf - slot > s.slotWindowHours * HOUR_MS) return { due: false, reason: 'missed_slot', nextAt: new Date(slot + DAY_MS) };
  if (isQuietHour(localHour(c.asOf, c.profile?.timezone ?? 'UTC'), s)) return { due: false, reason: 'quiet_hours' };
  if (c.lastOutreachAt && asOf - c.lastOutreachAt.getTime() < s.frequencyCapDays * DAY_MS)
    return { due: false, reason: 'frequency_cap', nextAt: new Date(c.lastOutreachAt.getTime() + s.frequencyCapDays * DAY_MS) };
  if (!c.marketingConsent) return { due: false, reason: 'no_consent' };
  return { due: true, dueAt: new Date(slot), channel: chooseChannel(c.profile, c.asOf) };
}

/** The profile in the customer's local hours, from counts kept by UTC hour. */
export function contactProfile(utcHourCounts: number[] | null | undefined, lastInbound: Record<string, string> | null | undefined, timezone: string, at: Date): ContactProfile {
  const offsetHours = Math.round(zoneOffsetMs(at, timezone) / HOUR_MS);
  const hourCounts = Array.from({ length: 24 }, (_, local) => utcHourCounts?.[(((local - offsetHours) % 24) + 24) % 24] ?? 0);
  const lastInboundByChannel: Record<string, Date> = {};
  for (const [k, v] of Object.entries(lastInbound ?? {})) if (k && k !== 'CHANNEL_KIND_UNSPECIFIED') lastInboundByChannel[k] = new Date(v);
  return { timezone, hourCounts, lastInboundByChannel };
}
