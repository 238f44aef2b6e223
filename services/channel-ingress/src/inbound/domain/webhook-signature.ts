import { createHmac, timingSafeEqual } from 'node:crypto';
import { InboundErrorCode, InboundException } from './inbound.exception';

const safeEqualHex = (a: string, b: string) => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

export const hmacHex = (secret: string, data: Buffer | string) => createHmac('sha256', secret).update(data).digest('hex');

/** Meta (WhatsApp, Messenger, Instagram): X-Hub-Signature-256: sha256=<hex HMAC of the raw body with the app secret>. */
export function verifyMetaSignature(raw: Buffer | undefined, header: string | undefined, appSecret: string | undefined): void {
  if (!header) throw new InboundException(InboundErrorCode.SignatureMissing, 'missing X-Hub-Signature-256 header');
  const presented = header.startsWith('sha256=') ? header.slice(7) : '';
  if (!appSecret || !raw || !presented || !safeEqualHex(presented.toLowerCase(), hmacHex(appSecret, raw)))
    throw new InboundException(InboundErrorCode.SignatureInvalid, 'X-Hub-Signature-256 does not match the body');
}

/**
 * Concierge's own signature for email, voice and API posts: X-Concierge-Timestamp (unix seconds) and
 * X-Concierge-Signature: sha256=<hex HMAC of "<timestamp>.<raw body>">. A timestamp outside the tolerance
 * is a replay and is refused.
 */
export function verifyTimestampedHmac(
  raw: Buffer | undefined,
  timestamp: string | undefined,
  signature: string | undefined,
  secret: string | undefined,
  toleranceSeconds: number,
  now = Date.now(),
): void {
  if (!timestamp || !signature)
    throw new InboundException(InboundErrorCode.SignatureMissing, 'missing X-Concierge-Timestamp or X-Concierge-Signature header');
  const presented = signature.startsWith('sha256=') ? signature.slice(7) : signature;
  const expected = secret && raw ? hmacHex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), raw])) : '';
  if (!expected || !safeEqualHex(presented.toLowerCase(), expected))
    throw new InboundException(InboundErrorCode.SignatureInvalid, 'X-Concierge-Signature does not match the body');
  checkFresh(timestamp, toleranceSeconds, now);
}

/** Mailgun: signature = hex HMAC-SHA256(signing key, timestamp + token); a token is used once, timestamps stay fresh. */
export function verifyMailgunSignature(
  fields: { timestamp?: string; token?: string; signature?: string },
  signingKey: string | undefined,
  toleranceSeconds: number,
  now = Date.now(),
): void {
  const { timestamp, token, signature } = fields;
  if (!timestamp || !token || !signature)
    throw new InboundException(InboundErrorCode.SignatureMissing, 'missing Mailgun timestamp, token or signature');
  if (!signingKey || !safeEqualHex(signature.toLowerCase(), hmacHex(signingKey, timestamp + token)))
    throw new InboundException(InboundErrorCode.SignatureInvalid, 'Mailgun signature does not match');
  checkFresh(timestamp, toleranceSeconds, now);
}

function checkFresh(timestamp: string, toleranceSeconds: number, now: number) {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds)
    throw new InboundException(InboundErrorCode.Replayed, `signature timestamp is more than ${toleranceSeconds}s away from now (replayed or clock skew)`);
}

/** Authorization: Bearer <key> against the channel's api_key, constant time. */
export function verifyBearer(authorization: string | undefined, expected: string | undefined): void {
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!m) throw new InboundException(InboundErrorCode.SecretMissing, 'missing Authorization: Bearer <channel api key>');
  const a = hmacHex('k', m[1].trim());
  if (!expected || !safeEqualHex(a, hmacHex('k', expected))) throw new InboundException(InboundErrorCode.SecretInvalid, 'wrong channel api key');
}
