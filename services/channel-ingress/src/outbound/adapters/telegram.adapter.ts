import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';
import { callTelegram } from '../../clients/telegram-bot-api';
import { ChannelAdapter, httpFailure, OutboundMessage, SendOutcome } from '../domain/channel-adapter';
import { escapeMarkdownV2 } from '../domain/markdown-v2';

/** Bot API sendMessage / sendPhoto in MarkdownV2, quick replies as an inline keyboard. */
@Injectable()
export class TelegramAdapter implements ChannelAdapter {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv) {}

  async send(_channel: ChannelEntity, secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome> {
    const keyboard = message.quickReplies.length
      ? {
          reply_markup: {
            inline_keyboard: message.quickReplies.map((q) => [{ text: q.label.slice(0, 64), callback_data: Buffer.from(q.payload || q.label).subarray(0, 64).toString('utf8') }]),
          },
        }
      : {};
    const photo = message.attachments.find((a) => a.kind === 'image' || a.mimeType.startsWith('image/'));
    const others = message.attachments.filter((a) => a !== photo).map((a) => a.url);
    const text = escapeMarkdownV2([message.text, ...others].filter(Boolean).join('\n'));
    const [method, payload] = photo
      ? ['sendPhoto', { chat_id: message.recipient, photo: photo.url, caption: text.slice(0, 1024), parse_mode: 'MarkdownV2', ...keyboard }]
      : ['sendMessage', { chat_id: message.recipient, text: text.slice(0, 4096), parse_mode: 'MarkdownV2', ...keyboard }];
    const r = await callTelegram(this.config.TELEGRAM_API_BASE_URL, secrets.bot_token ?? '', method, payload, this.config.OUTBOUND_TIMEOUT_MS);
    if (r.status === 200 && r.body.ok) return { ok: true, externalId: String(r.body.result?.message_id ?? '') };
    return httpFailure('telegram', r.status, r.error ?? r.body.description ?? 'error', r.body.parameters?.retry_after);
  }
}
