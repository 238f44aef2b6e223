import type { StoredAttachment } from '../persistence/inbound-message.entity';
import { InboundErrorCode, InboundException } from './inbound.exception';

/** A customer message from a Meta webhook (WhatsApp Cloud API, Messenger or Instagram). */
export interface MetaMessage {
  type: 'message';
  externalMessageId: string;
  userId: string;
  displayName: string;
  text: string;
  attachments: StoredAttachment[];
  buttonPayload: string;
  replyToExternalId: string;
  sentAt: Date;
  /** The business side: WhatsApp phone_number_id or the Page / Instagram account id. */
  businessId: string;
}

/** A delivery status callback for a message we sent. */
export interface MetaStatus {
  type: 'status';
  externalId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error: string;
  recipientId: string;
}

export type MetaEvent = MetaMessage | MetaStatus;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const malformed = (msg: string) => new InboundException(InboundErrorCode.MalformedPayload, msg);
const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

const seconds = (v: unknown) => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date();
};

function whatsappMessage(m: Json, names: Map<string, string>, businessId: string): MetaMessage | undefined {
  const from = str(m.from);
  const id = str(m.id);
  if (!from || !id) throw malformed('a WhatsApp message needs from and id');
  let text = '';
  let buttonPayload = '';
  const attachments: StoredAttachment[] = [];
  const media = (kind: string, o: unknown) => {
    if (!isObject(o)) return;
    attachments.push({ kind, url: '', mimeType: str(o.mime_type), fileName: str(o.filename), sizeBytes: 0, externalId: str(o.id) });
    text = str(o.caption);
  };
  switch (m.type) {
    case 'text':
      text = isObject(m.text) ? str(m.text.body) : '';
      break;
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker':
      media(m.type === 'audio' && isObject(m.audio) && m.audio.voice ? 'voice' : String(m.type), m[m.type as string]);
      break;
    case 'interactive': {
      const i = isObject(m.interactive) ? m.interactive : {};
      const reply = isObject(i.button_reply) ? i.button_reply : isObject(i.list_reply) ? i.list_reply : undefined;
      if (reply) {
        buttonPayload = str(reply.id);
        text = str(reply.title) || buttonPayload;
      }
      break;
    }
    case 'button':
      if (isObject(m.button)) {
        buttonPayload = str(m.button.payload);
        text = str(m.button.text) || buttonPayload;
      }
      break;
    default:
      return undefined; // reactions, locations, system messages: nothing for the agent
  }
  if (!text.trim() && !attachments.length) return undefined;
  return {
    type: 'message',
    externalMessageId: id,
    userId: from,
    displayName: names.get(from) ?? '',
    text: text.slice(0, 4096),
    attachments,
    buttonPayload,
    replyToExternalId: isObject(m.context) ? str(m.context.id) : '',
    sentAt: seconds(m.timestamp),
    businessId,
  };
}

function messagingEvent(e: Json, businessId: string): MetaMessage | undefined {
  const userId = isObject(e.sender) ? str(e.sender.id) : '';
  if (!userId) throw malformed('a messaging event needs sender.id');
  const sentAt = typeof e.timestamp === 'number' ? new Date(e.timestamp) : new Date();
  if (isObject(e.postback)) {
    const payload = str(e.postback.payload);
    const mid = str(e.postback.mid) || `postback:${userId}:${str(e.timestamp)}`;
    return { type: 'message', externalMessageId: mid, userId, displayName: '', text: str(e.postback.title) || payload, attachments: [], buttonPayload: payload, replyToExternalId: '', sentAt, businessId };
  }
  if (!isObject(e.message)) return undefined; // delivery / read receipts, reactions
  const m = e.message;
  if (m.is_echo) return undefined; // our own outbound message echoed back
  const mid = str(m.mid);
  if (!mid) throw malformed('message.mid is required');
  const attachments: StoredAttachment[] = arr(m.attachments).map((a) => ({
    kind: str(a.type) || 'file',
    url: isObject(a.payload) ? str(a.payload.url) : '',
    mimeType: '',
    fileName: '',
    sizeBytes: 0,
    externalId: '',
  }));
  const text = str(m.text);
  if (!text.trim() && !attachments.length) return undefined;
  return {
    type: 'message',
    externalMessageId: mid,
    userId,
    displayName: '',
    text: text.slice(0, 4096),
    attachments,
    buttonPayload: isObject(m.quick_reply) ? str(m.quick_reply.payload) : '',
    replyToExternalId: isObject(m.reply_to) ? str(m.reply_to.mid) : '',
    sentAt,
    businessId,
  };
}

/** Reads a Meta webhook body: WhatsApp `entry[].changes[].value` or Messenger/Instagram `entry[].messaging[]`. */
export function parseMetaWebhook(body: unknown): MetaEvent[] {
  if (!isObject(body) || !Array.isArray(body.entry)) throw malformed('body must be a Meta webhook object with entry[]');
  const events: MetaEvent[] = [];
  for (const entry of arr(body.entry)) {
    for (const change of arr(entry.changes)) {
      const v = isObject(change.value) ? change.value : undefined;
      if (!v) continue;
      const businessId = isObject(v.metadata) ? str(v.metadata.phone_number_id) : '';
      const names = new Map(arr(v.contacts).map((c) => [str(c.wa_id), isObject(c.profile) ? str(c.profile.name) : ''] as const));
      for (const m of arr(v.messages)) {
        const msg = whatsappMessage(m, names, businessId);
        if (msg) events.push(msg);
      }
      for (const s of arr(v.statuses)) {
        const status = str(s.status);
        if (!STATUSES.has(status) || !str(s.id)) continue;
        const errors = arr(s.errors).map((e) => `${str(e.code)} ${str(e.title)}${isObject(e.error_data) ? `: ${str(e.error_data.details)}` : ''}`.trim());
        events.push({ type: 'status', externalId: str(s.id), status: status as MetaStatus['status'], error: errors.join('; '), recipientId: str(s.recipient_id) });
      }
    }
    for (const e of arr(entry.messaging)) {
      const msg = messagingEvent(e, str(entry.id));
      if (msg) events.push(msg);
    }
  }
  return events;
}
