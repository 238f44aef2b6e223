import { z } from 'zod';

/** Proactive-messaging settings, read from the service environment at start-up (fails fast on bad values). */
export const proactiveEnv = z.object({
  // Local quiet hours "HH:MM-HH:MM" in the customer's time zone ("" = none). Order updates are exempt.
  PROACTIVE_QUIET_HOURS: z
    .string()
    .trim()
    .default('21:00-09:00')
    .refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(v), 'must be HH:MM-HH:MM or empty'),
  // Time zone for customers without one in their profile.
  PROACTIVE_DEFAULT_TIMEZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'must be an IANA time zone'),
  // Post-purchase check-in this many days after delivery when checkout gives no due time.
  PROACTIVE_FOLLOW_UP_DAYS: z.coerce.number().min(0).max(365).default(3),
  // How often due messages are looked for.
  PROACTIVE_SWEEP_MS: z.coerce.number().int().min(200).max(3_600_000).default(5000),
  // Identity lookups that fail this many times in a row suppress the message (never sent without a consent check).
  PROACTIVE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
});

export type ProactiveEnv = z.infer<typeof proactiveEnv>;
export const PROACTIVE_CONFIG = Symbol('PROACTIVE_CONFIG');

export function parseProactiveEnv(env: NodeJS.ProcessEnv = process.env): ProactiveEnv {
  const parsed = proactiveEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`dialogue-agent: invalid proactive configuration:\n${lines}`);
  }
  return parsed.data;
}
