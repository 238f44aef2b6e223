import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';
import type { ChannelAdapter, OutboundMessage, SendOutcome } from '../domain/channel-adapter';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The reply as an email: text and HTML parts, threaded under the customer's message. */
export function composeEmail(channel: ChannelEntity, m: OutboundMessage) {
  const s = channel.settings;
  const from = s.from_name ? { name: s.from_name, address: s.from_address ?? '' } : (s.from_address ?? '');
  const subject = m.context.subject
    ? /^re:/i.test(m.context.subject) ? m.context.subject : `Re: ${m.context.subject}`
    : (s.default_subject ?? 'Your message');
  const references = [...(m.context.references ?? '').split(/\s+/).filter(Boolean), m.context.message_id].filter(Boolean) as string[];
  const options = m.quickReplies.map((q) => q.label);
  const links = m.attachments.map((a) => a.url);
  const text = [m.text, options.length ? `\nReply with one of: ${options.join(' / ')}` : '', ...links].filter(Boolean).join('\n');
  const html = [
    '<div>',
    ...m.text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    options.length ? `<p>${options.map((o) => `<b>${escapeHtml(o)}</b>`).join(' · ')}</p>` : '',
    ...m.attachments.map((a) => (a.mimeType.startsWith('image/') ? `<p><img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.fileName)}"></p>` : `<p><a href="${escapeHtml(a.url)}">${escapeHtml(a.fileName || a.url)}</a></p>`)),
    '</div>',
  ].join('');
  const domain = (s.from_address ?? 'concierge.local').split('@')[1] ?? 'concierge.local';
  return {
    from,
    to: m.recipient,
    subject,
    text,
    html,
    messageId: `<${m.deliveryId}.${randomUUID()}@${domain}>`,
    ...(m.context.message_id ? { inReplyTo: m.context.message_id, references } : {}),
  };
}

/** SMTP with nodemailer; 4xx and connection errors are retried, 5xx refusals are final. */
@Injectable()
export class EmailAdapter implements ChannelAdapter, OnModuleDestroy {
  private readonly transports = new Map<string, Transporter>();

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv) {}

  private transport(channel: ChannelEntity, secrets: Record<string, string>): Transporter {
    const key = `${channel.id}@${channel.updatedAt?.getTime?.() ?? 0}`;
    let t = this.transports.get(key);
    if (!t) {
      const s = channel.settings;
      t = nodemailer.createTransport({
        host: s.smtp_host,
        port: Number(s.smtp_port ?? 587),
        secure: s.smtp_secure === 'true',
        requireTLS: s.smtp_require_tls === 'true',
        ignoreTLS: s.smtp_ignore_tls === 'true',
        ...(secrets.smtp_user ? { auth: { user: secrets.smtp_user, pass: secrets.smtp_password ?? '' } } : {}),
        connectionTimeout: this.config.OUTBOUND_TIMEOUT_MS,
        greetingTimeout: this.config.OUTBOUND_TIMEOUT_MS,
        socketTimeout: this.config.OUTBOUND_TIMEOUT_MS,
      });
      this.transports.set(key, t);
    }
    return t;
  }

  async send(channel: ChannelEntity, secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome> {
    if (!channel.settings.smtp_host || !channel.settings.from_address)
      return { ok: false, retryable: false, error: 'email channel needs settings smtp_host and from_address' };
    const mail = composeEmail(channel, message);
    try {
      const info = await this.transport(channel, secrets).sendMail(mail);
      return { ok: true, externalId: info.messageId ?? mail.messageId };
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string };
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      return { ok: false, retryable: !permanent, error: `smtp${e.responseCode ? ` ${e.responseCode}` : ''}: ${e.message}` };
    }
  }

  onModuleDestroy(): void {
    this.transports.forEach((t) => t.close());
  }
}
