import { simpleParser, AddressObject } from 'mailparser';
import { InboundErrorCode, InboundException } from './inbound.exception';

export interface ParsedEmailAttachment {
  mimeType: string;
  fileName: string;
  content: Buffer;
}

export interface ParsedEmail {
  fromAddress: string;
  fromName: string;
  subject: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  /** The new text only: quoted history and signature removed. */
  text: string;
  attachments: ParsedEmailAttachment[];
  sentAt: Date;
  /** The thread's first Message-ID: one conversation per thread. */
  threadRoot: string;
}

// Lines that start the quoted history in common clients (Gmail, Outlook, Apple Mail, Thunderbird, Yandex, Mail.ru).
const QUOTE_HEADERS = [
  /^On .{4,200} wrote:\s*$/i,
  /^On .{4,120}$/i, // Gmail wraps long "On ... wrote:" over two lines; checked together with the next line below
  /^-{2,}\s*Original Message\s*-{2,}/i,
  /^-{2,}\s*Forwarded message\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^From:\s.+$/i,
  /^От:\s.+$/i,
  /^\d{1,2}[./]\d{1,2}[./]\d{2,4}.{0,40}(пишет|wrote)\s*:?\s*$/i,
  /^.{0,80}\d{4}.{0,40}(пишет|написал|написала)\s*:\s*$/i,
  /^\d{1,2}\.\d{1,2}\.\d{2,4},?\s+\d{1,2}:\d{2},?\s.*<[^>\s]+@[^>\s]+>:?\s*$/, // Yandex / Mail.ru
  /^Le .{4,200} a écrit\s*:\s*$/i,
  /^Am .{4,200} schrieb .{0,100}:\s*$/i,
];
const SIGNATURE = [/^-- ?$/, /^Sent from my \w+/i, /^Get Outlook for/i, /^Отправлено с\s/i, /^С уважением,?\s*$/i, /^Best regards,?\s*$/i, /^Kind regards,?\s*$/i, /^Regards,?\s*$/i, /^Thanks,?\s*$/i, /^Спасибо,?\s*$/i];

/** Cuts the quoted previous messages and the signature from a reply. */
export function stripReply(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith('>')) {
      end = i;
      break;
    }
    const twoLines = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (QUOTE_HEADERS[0].test(line) || (QUOTE_HEADERS[1].test(line) && /wrote:\s*$/i.test(twoLines)) || QUOTE_HEADERS.slice(2).some((r) => r.test(line))) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end);
  const sig = kept.findIndex((l, i) => i > 0 && SIGNATURE.some((r) => r.test(l.trim())));
  if (sig > 0) kept = kept.slice(0, sig);
  const result = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  // A message that is all quote (a forward with no comment) keeps its text rather than becoming empty.
  return result || text.trim();
}

const ids = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : (v ?? '').split(/\s+/)).map((s) => s.trim()).filter(Boolean);

function firstAddress(a: AddressObject | AddressObject[] | undefined) {
  const v = (Array.isArray(a) ? a[0] : a)?.value?.[0];
  return { address: (v?.address ?? '').toLowerCase(), name: v?.name ?? '' };
}

/** Parses raw MIME (any charset, multipart, HTML-only) into the parts the agent and threading need. */
export function fromMimeField(s: string): Buffer {
  // Form and JSON fields carry MIME as text; bytes above 0x7f arrive as latin1 code points unless the text is real Unicode.
  const unicode = [...s].some((c) => c.charCodeAt(0) > 0xff);
  return Buffer.from(s, unicode ? 'utf8' : 'latin1');
}

export async function parseEmail(raw: Buffer | string, maxText = 20_000): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }).catch((err: Error) => {
    throw new InboundException(InboundErrorCode.MalformedPayload, `not a readable MIME message: ${err.message}`);
  });
  const from = firstAddress(mail.from);
  if (!from.address) throw new InboundException(InboundErrorCode.MalformedPayload, 'the email has no From address');
  const references = ids(mail.references);
  const inReplyTo = ids(mail.inReplyTo)[0] ?? '';
  const messageId = mail.messageId ?? '';
  let body = mail.text ?? '';
  if (!body.trim() && typeof mail.html === 'string' && mail.html) {
    // mailparser converts HTML to text only for a top-level HTML body; an HTML part inside multipart gets the same treatment here.
    const htmlOnly = await simpleParser(Buffer.concat([Buffer.from('Content-Type: text/html; charset=utf-8\r\n\r\n'), Buffer.from(mail.html)]));
    body = htmlOnly.text ?? '';
  }
  return {
    fromAddress: from.address,
    fromName: from.name,
    subject: mail.subject ?? '',
    messageId,
    inReplyTo,
    references,
    text: stripReply(body).slice(0, maxText),
    attachments: mail.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.related)
      .map((a) => ({ mimeType: a.contentType || 'application/octet-stream', fileName: a.filename ?? '', content: a.content })),
    sentAt: mail.date ?? new Date(),
    threadRoot: references[0] ?? inReplyTo ?? messageId,
  };
}

/** A provider's parsed-email JSON (SendGrid/Postmark/Mailgun style field names) turned into raw-equivalent fields. */
export interface ProviderEmailJson {
  from?: string;
  sender?: string;
  subject?: string;
  text?: string;
  'body-plain'?: string;
  html?: string;
  'body-html'?: string;
  'stripped-text'?: string;
  'Message-Id'?: string;
  messageId?: string;
  'In-Reply-To'?: string;
  inReplyTo?: string;
  References?: string;
  references?: string;
  headers?: Record<string, string> | string;
  attachments?: { filename?: string; fileName?: string; contentType?: string; content?: string }[];
  'body-mime'?: string;
  email?: string;
}

/** Rebuilds a MIME message from provider JSON so one parser (charsets, HTML→text) handles both. */
export function providerJsonToMime(j: ProviderEmailJson): string {
  if (j['body-mime']) return j['body-mime'];
  if (j.email) return j.email; // SendGrid "send raw" mode
  const header = (name: string) => {
    if (typeof j.headers === 'object' && j.headers) {
      const key = Object.keys(j.headers).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key) return (j.headers as Record<string, string>)[key];
    }
    if (typeof j.headers === 'string') {
      const m = new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(j.headers);
      if (m) return m[1].trim();
    }
    return '';
  };
  const from = j.from ?? j.sender ?? header('From');
  if (!from) throw new InboundException(InboundErrorCode.MalformedPayload, 'the email JSON has no from');
  const messageId = j['Message-Id'] ?? j.messageId ?? header('Message-ID');
  const inReplyTo = j['In-Reply-To'] ?? j.inReplyTo ?? header('In-Reply-To');
  const references = j.References ?? j.references ?? header('References');
  const text = j.text ?? j['body-plain'] ?? '';
  const html = j.html ?? j['body-html'] ?? '';
  const b = `concierge-${Math.random().toString(36).slice(2)}`;
  const head = [
    `From: ${from}`,
    `Subject: =?UTF-8?B?${Buffer.from(j.subject ?? '').toString('base64')}?=`,
    messageId && `Message-ID: ${messageId}`,
    inReplyTo && `In-Reply-To: ${inReplyTo}`,
    references && `References: ${references}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
  ].filter(Boolean);
  const parts: string[] = [];
  if (text) parts.push(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(text).toString('base64')}`);
  else if (html) parts.push(`Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(html).toString('base64')}`);
  for (const a of j.attachments ?? [])
    parts.push(
      `Content-Type: ${a.contentType ?? 'application/octet-stream'}; name="${a.filename ?? a.fileName ?? 'file'}"\r\nContent-Disposition: attachment; filename="${a.filename ?? a.fileName ?? 'file'}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${a.content ?? ''}`,
    );
  return `${head.join('\r\n')}\r\n\r\n${parts.map((p) => `--${b}\r\n${p}\r\n`).join('')}--${b}--\r\n`;
}
