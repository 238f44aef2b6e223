import { InboundErrorCode, InboundException } from '../../inbound/domain/inbound.exception';

export interface WidgetMessage {
  visitorId: string;
  text: string;
  clientMessageId?: string;
  locale: string;
  displayName: string;
}

const VISITOR_ID = /^[A-Za-z0-9_-]{8,128}$/;

export function validateVisitorId(value: unknown): string {
  if (typeof value !== 'string' || !VISITOR_ID.test(value))
    throw new InboundException(InboundErrorCode.InvalidMessage, 'visitorId must be 8-128 characters of letters, digits, _ or -');
  return value;
}

export function parseWidgetMessage(body: unknown, maxText: number): WidgetMessage {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InboundException(InboundErrorCode.InvalidMessage, 'body must be a JSON object');
  const b = body as Record<string, unknown>;
  const visitorId = validateVisitorId(b.visitorId);
  if (typeof b.text !== 'string' || !b.text.trim())
    throw new InboundException(InboundErrorCode.InvalidMessage, 'text must be a non-empty string');
  if (b.text.length > maxText)
    throw new InboundException(InboundErrorCode.InvalidMessage, `text must be at most ${maxText} characters`);
  if (b.clientMessageId !== undefined && (typeof b.clientMessageId !== 'string' || !/^[\w-]{1,128}$/.test(b.clientMessageId)))
    throw new InboundException(InboundErrorCode.InvalidMessage, 'clientMessageId must be 1-128 characters of letters, digits, _ or -');
  return {
    visitorId,
    text: b.text.trim(),
    clientMessageId: b.clientMessageId as string | undefined,
    locale: typeof b.locale === 'string' ? b.locale.slice(0, 16) : '',
    displayName: typeof b.name === 'string' ? b.name.slice(0, 200) : '',
  };
}
