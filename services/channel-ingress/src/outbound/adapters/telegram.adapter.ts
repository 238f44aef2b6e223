import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';
import type { ChannelAdapter, OutboundMessage, SendOutcome } from '../domain/channel-adapter';

const MAX_ATTEMPTS = 4;
const MAX_RETRY_AFTER_S = 30;

interface TelegramResponse {
  ok: boolean;
  result?: { message_id?: number };
  description?: string;
  parameters?: { retry_after?: number };
}

/** Bot API sendMessage, honouring 429 retry_after and backing off on 5xx and network errors. */
@Injectable()
export class TelegramAdapter implements ChannelAdapter {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async send(channel: ChannelEntity, secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome> {
    const url = `${this.config.TELEGRAM_API_BASE_URL.replace(/\/$/, '')}/bot${secrets.bot_token}/sendMessage`;
    const body = JSON.stringify({
      chat_id: message.recipient,
      text: message.text,
      ...(message.quickReplies.length
        ? { reply_markup: { inline_keyboard: message.quickReplies.map((q) => [{ text: q.label, callback_data: q.payload.slice(0, 64) }]) } }
        : {}),
    });
    let lastError = '';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let wait = 250 * 2 ** (attempt - 1);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.config.OUTBOUND_TIMEOUT_MS),
        });
        const json = (await res.json().catch(() => ({ ok: false }))) as TelegramResponse;
        if (res.ok && json.ok) return { ok: true, externalId: String(json.result?.message_id ?? '') };
        lastError = `telegram ${res.status}: ${json.description ?? res.statusText}`;
        if (res.status === 429) wait = Math.min(json.parameters?.retry_after ?? 1, MAX_RETRY_AFTER_S) * 1000;
        else if (res.status < 500) return { ok: false, error: lastError, attempts: attempt };
      } catch (err) {
        lastError = `telegram unreachable: ${(err as Error).message}`;
      }
      this.logger.warn({ channelId: channel.id, attempt, error: lastError }, 'telegram send failed; retrying');
      if (attempt < MAX_ATTEMPTS) await new Promise((r) => setTimeout(r, wait));
    }
    return { ok: false, error: lastError, attempts: MAX_ATTEMPTS };
  }
}
