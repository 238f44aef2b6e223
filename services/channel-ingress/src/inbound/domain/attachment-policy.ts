import { InboundErrorCode, InboundException } from './inbound.exception';

export interface AttachmentPolicy {
  maxBytes: number;
  /** Mime types or families ("image/*"). */
  allowed: string[];
}

export function parseAllowedTypes(csv: string): string[] {
  return csv.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

export function isAllowedType(mime: string, allowed: string[]): boolean {
  const m = mime.toLowerCase().split(';')[0].trim();
  return allowed.some((a) => (a.endsWith('/*') ? m.startsWith(a.slice(0, -1)) : a === m));
}

/** Throws a clear 400 for an upload the policy refuses. */
export function checkAttachment(p: AttachmentPolicy, a: { mimeType: string; sizeBytes: number; fileName: string }): void {
  if (a.sizeBytes > p.maxBytes)
    throw new InboundException(InboundErrorCode.AttachmentTooLarge, `attachment ${a.fileName || a.mimeType} is ${a.sizeBytes} bytes; the limit is ${p.maxBytes}`);
  if (!isAllowedType(a.mimeType, p.allowed))
    throw new InboundException(InboundErrorCode.AttachmentTypeNotAllowed, `attachment type ${a.mimeType} is not accepted (allowed: ${p.allowed.join(', ')})`);
}
