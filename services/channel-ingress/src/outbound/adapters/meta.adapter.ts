import { Inject, Injectable } from '@nestjs/common';
import { CommonV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';
import { ChannelAdapter, httpFailure, OutboundMessage, SendOutcome } from '../domain/channel-adapter';

interface GraphAnswer {
  messages?: { id: string }[];
  message_id?: string;
  error?: { message?: string; code?: number; error_subcode?: number };
}

/** Graph error codes that mean "slow down" (rate and pair-rate limits). */
const THROTTLED = new Set([4, 80007, 130429, 131056, 613]);
/** WhatsApp "re-engagement message": the 24-hour window is closed. */
const WINDOW_CLOSED = 131047;

/**
 * WhatsApp Cloud API (`/{phone_number_id}/messages`) and Messenger / Instagram Send API (`/me/messages`)
 * through one Graph API base URL. Outside the 24-hour customer-service window only an approved
 * WhatsApp template may be sent; without one the delivery fails with WINDOW_CLOSED instead of silently.
 */
@Injectable()
export class MetaAdapter implements ChannelAdapter {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv) {}

  async send(channel: ChannelEntity, secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome> {
    const whatsapp = channel.kind === String(CommonV1.ChannelKind.CHANNEL_KIND_WHATSAPP);
    const windowMs = this.config.WHATSAPP_WINDOW_HOURS * 3600_000;
    const inWindow = !!message.lastInboundAt && Date.now() - message.lastInboundAt.getTime() < windowMs;
    let body: Record<string, unknown>;
    if (whatsapp) {
      const template = message.context.template_name || channel.settings.template_name || '';
      if (!inWindow && !template)
        return {
          ok: false,
          retryable: false,
          error: `WINDOW_CLOSED: the customer last wrote ${message.lastInboundAt ? `at ${message.lastInboundAt.toISOString()}` : 'never'}; outside WhatsApp's ${this.config.WHATSAPP_WINDOW_HOURS}-hour window only an approved template can be sent (set template_name)`,
        };
      body = inWindow ? this.whatsappMessage(message) : this.whatsappTemplate(message, template, message.context.template_language || channel.settings.template_language || 'en');
    } else {
      if (!inWindow)
        return {
          ok: false,
          retryable: false,
          error: `WINDOW_CLOSED: outside the ${this.config.WHATSAPP_WINDOW_HOURS}-hour messaging window the ${channel.kind === String(CommonV1.ChannelKind.CHANNEL_KIND_INSTAGRAM) ? 'Instagram' : 'Messenger'} Send API refuses standard messages`,
        };
      body = this.messengerMessage(message);
    }
    const base = `${this.config.GRAPH_API_BASE_URL.replace(/\/$/, '')}/${this.config.GRAPH_API_VERSION}`;
    const url = whatsapp ? `${base}/${encodeURIComponent(channel.settings.phone_number_id ?? '')}/messages` : `${base}/me/messages`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets.access_token ?? ''}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.OUTBOUND_TIMEOUT_MS),
      });
    } catch (err) {
      return httpFailure('graph', 0, (err as Error).message);
    }
    const answer = (await res.json().catch(() => ({}))) as GraphAnswer;
    if (res.ok) return { ok: true, externalId: answer.messages?.[0]?.id ?? answer.message_id ?? '' };
    const code = answer.error?.code ?? 0;
    const detail = `${answer.error?.message ?? res.statusText} (code ${code})`;
    if (code === WINDOW_CLOSED) return { ok: false, retryable: false, error: `WINDOW_CLOSED: ${detail}` };
    const retryAfter = Number(res.headers.get('retry-after')) || undefined;
    if (THROTTLED.has(code)) return { ok: false, retryable: true, error: `graph throttled: ${detail}`, ...(retryAfter ? { retryAfterMs: retryAfter * 1000 } : {}) };
    return httpFailure('graph', res.status, detail, retryAfter);
  }

  private whatsappMessage(m: OutboundMessage): Record<string, unknown> {
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: m.recipient };
    const image = m.attachments.find((a) => a.kind === 'image' || a.mimeType.startsWith('image/'));
    if (image) return { ...base, type: 'image', image: { link: image.url, caption: m.text.slice(0, 1024) } };
    if (m.quickReplies.length && m.quickReplies.length <= 3)
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: m.text.slice(0, 1024) },
          action: { buttons: m.quickReplies.map((q) => ({ type: 'reply', reply: { id: (q.payload || q.label).slice(0, 256), title: q.label.slice(0, 20) } })) },
        },
      };
    if (m.quickReplies.length)
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: m.text.slice(0, 4096) },
          action: { button: 'Choose', sections: [{ title: 'Options', rows: m.quickReplies.slice(0, 10).map((q) => ({ id: (q.payload || q.label).slice(0, 200), title: q.label.slice(0, 24) })) }] },
        },
      };
    return { ...base, type: 'text', text: { body: m.text.slice(0, 4096), preview_url: false } };
  }

  private whatsappTemplate(m: OutboundMessage, name: string, language: string): Record<string, unknown> {
    return {
      messaging_product: 'whatsapp',
      to: m.recipient,
      type: 'template',
      template: { name, language: { code: language }, components: m.text ? [{ type: 'body', parameters: [{ type: 'text', text: m.text.slice(0, 1024) }] }] : [] },
    };
  }

  private messengerMessage(m: OutboundMessage): Record<string, unknown> {
    const image = m.attachments.find((a) => a.kind === 'image' || a.mimeType.startsWith('image/'));
    const quick = m.quickReplies.length
      ? { quick_replies: m.quickReplies.slice(0, 13).map((q) => ({ content_type: 'text', title: q.label.slice(0, 20), payload: (q.payload || q.label).slice(0, 1000) })) }
      : {};
    const message = image ? { attachment: { type: 'image', payload: { url: image.url, is_reusable: true } }, ...quick } : { text: m.text.slice(0, 2000), ...quick };
    return { recipient: { id: m.recipient }, messaging_type: 'RESPONSE', message };
  }
}
