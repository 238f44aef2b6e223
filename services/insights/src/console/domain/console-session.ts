import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'concierge_console';
const TTL_MS = 12 * 3_600_000;

export interface ConsoleSession {
  tenantId: string;
  user: string;
  expiresAt: number;
}

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

/** A stateless signed session: "<base64url json>.<hmac>"; any replica can check it. */
export function issueSession(secret: string, tenantId: string, user: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ tenantId, user, expiresAt: now + TTL_MS })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function readSession(secret: string, value: string | undefined, now = Date.now()): ConsoleSession | undefined {
  if (!value) return undefined;
  const [body, sig] = value.split('.');
  if (!body || !sig) return undefined;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ConsoleSession;
    return typeof s.tenantId === 'string' && s.expiresAt > now ? s : undefined;
  } catch {
    return undefined;
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** Constant-time check of a login against the configured console passwords and tenant API keys. */
export function checkLogin(tenantId: string, secret: string, passwords: Map<string, string>, apiKeys: Map<string, string>): boolean {
  const same = (a: string, b: string) => {
    const x = createHmac('sha256', 'cmp').update(a).digest();
    const y = createHmac('sha256', 'cmp').update(b).digest();
    return timingSafeEqual(x, y);
  };
  const password = passwords.get(tenantId);
  if (password && same(password, secret)) return true;
  return apiKeys.get(secret) === tenantId && !!tenantId;
}
