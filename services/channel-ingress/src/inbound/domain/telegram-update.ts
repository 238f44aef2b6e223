import { InboundErrorCode, InboundException } from './inbound.exception';

/** The part of a Telegram Bot API Update the skeleton understands: a text message. */
export interface TelegramTextMessage {
  updateId: number;
  chatId: string;
  userId: string;
  displayName: string;
  languageCode: string;
  text: string;
  sentAt: Date;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates an Update. Returns undefined for updates that carry no customer text (Telegram
 * still gets a 200 so it stops redelivering them).
 */
export function parseTelegramUpdate(body: unknown): TelegramTextMessage | undefined {
  if (!isObject(body)) throw new InboundException(InboundErrorCode.MalformedUpdate, 'body must be a Telegram Update object');
  const updateId = body.update_id;
  if (!Number.isSafeInteger(updateId)) throw new InboundException(InboundErrorCode.MalformedUpdate, 'update_id must be an integer');
  const message = body.message;
  if (message === undefined) return undefined;
  if (!isObject(message) || !isObject(message.chat) || !isObject(message.from))
    throw new InboundException(InboundErrorCode.MalformedUpdate, 'message must have chat and from');
  const chatId = message.chat.id;
  const userId = message.from.id;
  if (!Number.isSafeInteger(chatId) || !Number.isSafeInteger(userId))
    throw new InboundException(InboundErrorCode.MalformedUpdate, 'chat.id and from.id must be integers');
  if (typeof message.text !== 'string' || !message.text.trim()) return undefined;
  const from = message.from;
  const displayName = [from.first_name, from.last_name].filter((p) => typeof p === 'string').join(' ');
  const date = typeof message.date === 'number' ? new Date(message.date * 1000) : new Date();
  return {
    updateId: updateId as number,
    chatId: String(chatId),
    userId: String(userId),
    displayName,
    languageCode: typeof from.language_code === 'string' ? from.language_code : '',
    text: message.text.slice(0, 4096),
    sentAt: date,
  };
}
