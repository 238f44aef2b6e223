import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';
import { hmacHex } from '../../inbound/domain/webhook-signature';
import { ChannelAdapter, httpFailure, OutboundMessage, SendOutcome } from '../domain/channel-adapter';

/**
 * Voice and API channels: the reply is kept for polling, and when the channel has a callback_url it is
 * also POSTed there, signed like inbound posts (X-Concierge-Timestamp / X-Concierge-Signature).
 */
@Injectable()
export class PullAdapter implements ChannelAdapter {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv) {}

  async send(channel: ChannelEntity, secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome> {
    const url = channel.settings.callback_url;
    if (!url) return { ok: true, externalId: message.deliveryId };
    const body = JSON.stringify({
      replyId: message.deliveryId,
      channelId: channel.id,
      recipient: message.recipient,
      text: message.text,
      quickReplies: message.quickReplies,
      attachments: message.attachments,
      ...(message.context.call_id ? { callId: message.context.call_id } : {}),
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const secret = secrets.callback_secret || secrets.webhook_secret || secrets.api_key || '';
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-concierge-timestamp': ts, 'x-concierge-signature': `sha256=${hmacHex(secret, `${ts}.${body}`)}` },
        body,
        signal: AbortSignal.timeout(this.config.OUTBOUND_TIMEOUT_MS),
      });
      if (res.ok) return { ok: true, externalId: message.deliveryId };
      return httpFailure('callback', res.status, (await res.text().catch(() => '')).slice(0, 200) || res.statusText, Number(res.headers.get('retry-after')) || undefined);
    } catch (err) {
      return httpFailure('callback', 0, (err as Error).message);
    }
  }
}
