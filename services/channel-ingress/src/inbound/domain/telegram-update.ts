import type { StoredAttachment } from '../persistence/inbound-message.entity';
import { InboundErrorCode, InboundException } from './inbound.exception';

/** A customer message from a Telegram Bot API Update: text, media, an edit, or a pressed inline button. */
export interface TelegramInbound {
  updateId: number;
  chatId: string;
  userId: string;
  displayName: string;
  languageCode: string;
  text: string;
  sentAt: Date;
  attachments: StoredAttachment[];
  edited: boolean;
  /** /start <payload> from a t.me/<bot>?start=<payload> deep link. */
  startPayload: string;
  /** callback_query: the pressed button's data and the query id to answer. */
  callbackData: string;
  callbackQueryId: string;
  replyToMessageId: string;
  /** The Telegram message_id (of the edited message, for edits). */
  messageId: string;
  phone: string;
}

/** @deprecated kept for the foundation's name */
export type TelegramTextMessage = TelegramInbound;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const malformed = (msg: string) => new InboundException(InboundErrorCode.MalformedUpdate, msg);

function attachmentsOf(message: Json): StoredAttachment[] {
  const out: StoredAttachment[] = [];
  const file = (kind: string, f: Json, mime: string) =>
    out.push({
      kind,
      url: '',
      mimeType: str(f.mime_type) || mime,
      fileName: str(f.file_name),
      sizeBytes: typeof f.file_size === 'number' ? f.file_size : 0,
      externalId: str(f.file_id),
    });
  if (Array.isArray(message.photo) && message.photo.length) {
    // Telegram sends every size; the last one is the largest.
    const largest = message.photo.filter(isObject).at(-1);
    if (largest) file('image', largest, 'image/jpeg');
  }
  if (isObject(message.document)) file('document', message.document, 'application/octet-stream');
  if (isObject(message.voice)) file('voice', message.voice, 'audio/ogg');
  if (isObject(message.audio)) file('audio', message.audio, 'audio/mpeg');
  if (isObject(message.video)) file('video', message.video, 'video/mp4');
  if (isObject(message.sticker)) file('sticker', message.sticker, 'image/webp');
  return out.filter((a) => a.externalId);
}

function sender(from: unknown) {
  if (!isObject(from) || !Number.isSafeInteger(from.id)) throw malformed('from.id must be an integer');
  return {
    userId: String(from.id),
    displayName: [from.first_name, from.last_name].filter((p) => typeof p === 'string').join(' '),
    languageCode: str(from.language_code),
  };
}

/**
 * Validates an Update. Returns undefined for updates that carry nothing for the agent (Telegram
 * still gets a 200 so it stops redelivering them).
 */
export function parseTelegramUpdate(body: unknown): TelegramInbound | undefined {
  if (!isObject(body)) throw malformed('body must be a Telegram Update object');
  const updateId = body.update_id;
  if (!Number.isSafeInteger(updateId)) throw malformed('update_id must be an integer');

  if (body.callback_query !== undefined) {
    const q = body.callback_query;
    if (!isObject(q) || typeof q.id !== 'string') throw malformed('callback_query must have an id');
    const who = sender(q.from);
    const msg = isObject(q.message) ? q.message : {};
    const chatId = isObject(msg.chat) && Number.isSafeInteger(msg.chat.id) ? String(msg.chat.id) : who.userId;
    const data = str(q.data).slice(0, 64);
    return {
      updateId: updateId as number,
      chatId,
      ...who,
      text: data,
      sentAt: new Date(),
      attachments: [],
      edited: false,
      startPayload: '',
      callbackData: data,
      callbackQueryId: q.id,
      replyToMessageId: msg.message_id !== undefined ? String(msg.message_id) : '',
      messageId: '',
      phone: '',
    };
  }

  const edited = body.message === undefined && body.edited_message !== undefined;
  const message = edited ? body.edited_message : body.message;
  if (message === undefined) return undefined;
  if (!isObject(message) || !isObject(message.chat) || !isObject(message.from)) throw malformed('message must have chat and from');
  const chatId = message.chat.id;
  if (!Number.isSafeInteger(chatId)) throw malformed('chat.id and from.id must be integers');
  const who = sender(message.from);
  const attachments = attachmentsOf(message);
  const contact = isObject(message.contact) && String(message.contact.user_id ?? '') === who.userId ? str(message.contact.phone_number) : '';
  let text = (typeof message.text === 'string' ? message.text : str(message.caption)).slice(0, 4096);
  if (!text.trim() && !attachments.length && !contact) return undefined;
  let startPayload = '';
  const start = /^\/start(?:@\w+)?(?:\s+(\S{1,512}))?\s*$/.exec(text.trim());
  if (start) {
    startPayload = start[1] ?? '';
    text = startPayload ? `/start ${startPayload}` : '/start';
  }
  const reply = isObject(message.reply_to_message) ? message.reply_to_message.message_id : undefined;
  const date = typeof message.edit_date === 'number' ? message.edit_date : message.date;
  return {
    updateId: updateId as number,
    chatId: String(chatId),
    ...who,
    text,
    sentAt: typeof date === 'number' ? new Date(date * 1000) : new Date(),
    attachments,
    edited,
    startPayload,
    callbackData: '',
    callbackQueryId: '',
    replyToMessageId: reply !== undefined ? String(reply) : '',
    messageId: message.message_id !== undefined ? String(message.message_id) : '',
    phone: contact,
  };
}
