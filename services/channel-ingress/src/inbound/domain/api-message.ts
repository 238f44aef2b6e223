import { InboundErrorCode, InboundException } from './inbound.exception';

export interface ApiMessage {
  userId: string;
  messageId: string;
  text: string;
  locale: string;
  name: string;
  email: string;
  phone: string;
  attachments: { kind: string; url: string; mimeType: string; fileName: string; dataBase64: string }[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (msg: string) => new InboundException(InboundErrorCode.InvalidMessage, msg);
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

/** The API channel's message: { userId, messageId, text, locale?, name?, email?, phone?, attachments? }. */
export function parseApiMessage(body: unknown, maxText: number): ApiMessage {
  if (!isObject(body)) throw bad('body must be a JSON object');
  if (typeof body.userId !== 'string' || !/^[\w:.@+-]{1,128}$/.test(body.userId)) throw bad('userId must be 1-128 characters of letters, digits, _ : . @ + -');
  if (typeof body.messageId !== 'string' || !/^[\w:.-]{1,128}$/.test(body.messageId))
    throw bad('messageId is required (1-128 characters of letters, digits, _ : . -): it makes a retried post count once');
  const text = typeof body.text === 'string' ? body.text.trim() : '';
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  if (!text && !attachments.length) throw bad('text or attachments is required');
  if (text.length > maxText) throw bad(`text must be at most ${maxText} characters`);
  if (attachments.length > 10) throw bad('at most 10 attachments');
  return {
    userId: body.userId,
    messageId: body.messageId,
    text,
    locale: str(body.locale, 16),
    name: str(body.name, 200),
    email: str(body.email, 320).toLowerCase(),
    phone: str(body.phone, 32).replace(/[^\d+]/g, ''),
    attachments: attachments.map((a, i) => {
      if (!isObject(a)) throw bad(`attachments[${i}] must be an object`);
      const url = str(a.url, 2048);
      const dataBase64 = str(a.dataBase64, 50_000_000);
      if (!url && !dataBase64) throw bad(`attachments[${i}] needs url or dataBase64`);
      if (url && !/^https?:\/\//.test(url)) throw bad(`attachments[${i}].url must be http(s)`);
      const mimeType = str(a.mimeType, 128) || 'application/octet-stream';
      return { kind: str(a.kind, 32) || (mimeType.startsWith('image/') ? 'image' : 'file'), url, mimeType, fileName: str(a.fileName, 255), dataBase64 };
    }),
  };
}
