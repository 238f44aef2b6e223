import { IdentityErrorCode, IdentityException } from '../../identity/domain/identity.exception';

const KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*$/;

/** name, locale and timezone also live on the customer row (what GetCustomer shows first). */
export const COLUMN_ATTRIBUTES: Record<string, 'displayName' | 'locale' | 'timezone'> = { name: 'displayName', locale: 'locale', timezone: 'timezone' };

/** Validates one profile attribute; structured values (an address) are sent as JSON text. */
export function validateAttribute(key: string, value: string): { key: string; value: string } {
  const k = (key ?? '').trim().toLowerCase();
  if (!KEY.test(k) || k.length > 64)
    throw new IdentityException(IdentityErrorCode.AttributeInvalid, `attribute key "${key}" must be lower-case words joined by dots, e.g. address.home, size.shoes`);
  const v = (value ?? '').trim();
  if (v.length > 4000) throw new IdentityException(IdentityErrorCode.AttributeInvalid, `attribute ${k}: value longer than 4000 characters`);
  if (k === 'timezone' && v && !isTimeZone(v))
    throw new IdentityException(IdentityErrorCode.AttributeInvalid, `attribute timezone: "${v}" is not an IANA time zone (e.g. Europe/Berlin)`);
  if (k === 'locale' && v && !/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(v))
    throw new IdentityException(IdentityErrorCode.AttributeInvalid, `attribute locale: "${v}" is not a BCP 47 language tag (e.g. de-DE)`);
  if ((k === 'birthday' || k.startsWith('birthday.')) && v && !/^(\d{4}-)?\d{2}-\d{2}$/.test(v))
    throw new IdentityException(IdentityErrorCode.AttributeInvalid, `attribute ${k}: "${v}" must be YYYY-MM-DD or MM-DD`);
  return { key: k, value: v };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function validateTrait(name: string, value: string, confidence: number): { name: string; value: string; confidence: number } {
  const n = (name ?? '').trim().toLowerCase();
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(n))
    throw new IdentityException(IdentityErrorCode.TraitInvalid, `trait name "${name}" must be snake_case, e.g. decision_style, best_contact_hour`);
  const v = (value ?? '').trim();
  if (!v || v.length > 500) throw new IdentityException(IdentityErrorCode.TraitInvalid, `trait ${n}: value must be 1 to 500 characters`);
  if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1)
    throw new IdentityException(IdentityErrorCode.TraitInvalid, `trait ${n}: confidence must be between 0 and 1`);
  return { name: n, value: v, confidence };
}

export function validateFact(subject: string, fact: string, confidence: number, expiresAt: Date | undefined, now = new Date()) {
  const s = (subject ?? '').trim();
  const f = (fact ?? '').trim();
  if (s.length > 200) throw new IdentityException(IdentityErrorCode.FactInvalid, 'subject must be at most 200 characters');
  if (!f || f.length > 2000) throw new IdentityException(IdentityErrorCode.FactInvalid, 'fact must be 1 to 2000 characters');
  // proto3 cannot tell 0 from unset: 0 means "not given" and the fact is taken as certain.
  const c = confidence === 0 || confidence === undefined ? 1 : confidence;
  if (!Number.isFinite(c) || c < 0 || c > 1) throw new IdentityException(IdentityErrorCode.FactInvalid, 'confidence must be between 0 and 1');
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw new IdentityException(IdentityErrorCode.FactInvalid, 'expires_at must be in the future');
  return { subject: s || 'customer', fact: f, confidence: c };
}
