import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CommonV1, IngressV1 } from '@concierge/contracts';
import { InboundErrorCode, InboundException } from '../../inbound/domain/inbound.exception';

export interface WidgetUpload {
  mimeType: string;
  fileName: string;
  content: Buffer;
}

export interface WidgetMessage {
  visitorId: string;
  text: string;
  clientMessageId?: string;
  locale: string;
  displayName: string;
  /** A pressed quick-reply button. */
  buttonPayload: string;
  /** The page the visitor is on (a deep-link payload such as a product or campaign). */
  startPayload: string;
  typing?: IngressV1.TypingSignals;
  affect?: CommonV1.AffectHints;
  uploads: WidgetUpload[];
  /** What identify() learned, sent along so every message carries the hints. */
  identity?: WidgetIdentify;
}

export interface WidgetIdentify {
  visitorId: string;
  email: string;
  phone: string;
  crmId: string;
  name: string;
  /** hex HMAC-SHA256(identify_secret, "visitorId:email:phone:crmId") computed by the host site's server. */
  signature: string;
}

const VISITOR_ID = /^[A-Za-z0-9_-]{8,128}$/;
const bad = (msg: string) => new InboundException(InboundErrorCode.InvalidMessage, msg);
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, max: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, max) : 0);

export function validateVisitorId(value: unknown): string {
  if (typeof value !== 'string' || !VISITOR_ID.test(value)) throw bad('visitorId must be 8-128 characters of letters, digits, _ or -');
  return value;
}

export function parseWidgetMessage(body: unknown, maxText: number): WidgetMessage {
  if (!isObject(body)) throw bad('body must be a JSON object');
  const b = body;
  const visitorId = validateVisitorId(b.visitorId);
  const uploads: WidgetUpload[] = [];
  if (b.image !== undefined) {
    const img = b.image;
    if (!isObject(img) || typeof img.dataBase64 !== 'string' || typeof img.mimeType !== 'string')
      throw bad('image must be { mimeType, fileName, dataBase64 }');
    const content = Buffer.from(img.dataBase64, 'base64');
    if (!content.length) throw bad('image.dataBase64 is empty or not base64');
    uploads.push({ mimeType: img.mimeType.slice(0, 128), fileName: typeof img.fileName === 'string' ? img.fileName.slice(0, 255) : '', content });
  }
  const text = typeof b.text === 'string' ? b.text.trim() : '';
  if (!text && !uploads.length) throw bad('text must be a non-empty string');
  if (text.length > maxText) throw bad(`text must be at most ${maxText} characters`);
  if (b.clientMessageId !== undefined && (typeof b.clientMessageId !== 'string' || !/^[\w-]{1,128}$/.test(b.clientMessageId)))
    throw bad('clientMessageId must be 1-128 characters of letters, digits, _ or -');
  const t = isObject(b.typing) ? b.typing : undefined;
  const typing = t
    ? {
        composeSeconds: num(t.composeSeconds, 3600),
        longestPauseSeconds: num(t.longestPauseSeconds, 3600),
        deletions: Math.round(num(t.deletions, 100_000)),
        abandonedDrafts: Math.round(num(t.abandonedDrafts, 1000)),
      }
    : undefined;
  return {
    visitorId,
    text,
    clientMessageId: b.clientMessageId as string | undefined,
    locale: typeof b.locale === 'string' ? b.locale.slice(0, 16) : '',
    displayName: typeof b.name === 'string' ? b.name.slice(0, 200) : '',
    buttonPayload: typeof b.buttonPayload === 'string' ? b.buttonPayload.slice(0, 256) : '',
    startPayload: typeof b.page === 'string' ? b.page.slice(0, 512) : '',
    typing,
    affect: typing ? { typingPauseSeconds: typing.longestPauseSeconds, speechRateWpm: 0, pauseRatio: 0, loudnessDb: 0, pitchHz: 0 } : undefined,
    uploads,
    identity: isObject(b.identity) && ['email', 'phone', 'crmId', 'name'].some((k) => (b.identity as Json)[k]) ? parseWidgetIdentify({ ...b.identity, visitorId }) : undefined,
  };
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** True when the host site's server vouched for these identifiers with the channel's identify_secret. */
export function identifySignedBy(who: WidgetIdentify, secret: string | undefined): boolean {
  if (!secret || !/^[0-9a-f]{64}$/.test(who.signature)) return false;
  const expected = createHmac('sha256', secret).update(`${who.visitorId}:${who.email}:${who.phone}:${who.crmId}`).digest();
  return timingSafeEqual(expected, Buffer.from(who.signature, 'hex'));
}

export function parseWidgetIdentify(body: unknown): WidgetIdentify {
  if (!isObject(body)) throw bad('body must be a JSON object');
  const visitorId = validateVisitorId(body.visitorId);
  const s = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  const email = s(body.email, 320).toLowerCase();
  if (email && !EMAIL.test(email)) throw bad('email is not an email address');
  const phone = s(body.phone, 32).replace(/[^\d+]/g, '');
  if (phone && !/^\+?\d{6,15}$/.test(phone)) throw bad('phone must have 6-15 digits');
  const crmId = s(body.crmId, 128);
  const name = s(body.name, 200);
  if (!email && !phone && !crmId && !name) throw bad('identify needs at least one of email, phone, crmId, name');
  const signature = s(body.signature, 128).toLowerCase();
  return { visitorId, email, phone, crmId, name, signature };
}
