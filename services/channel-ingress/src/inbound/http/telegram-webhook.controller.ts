import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import { identityHint } from '../../clients/identity-hints';
import { callTelegram } from '../../clients/telegram-bot-api';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { parseTelegramUpdate } from '../domain/telegram-update';
import { verifySharedSecret } from '../domain/webhook-secret';
import { ReceiveMessageUseCase } from '../use-cases/receive-message/receive-message.use-case';
import { InboundGate } from './inbound-gate';

const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

@Controller('v1/webhooks/telegram')
export class TelegramWebhookController {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
    private readonly gate: InboundGate,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':channelId')
  @HttpCode(200)
  async update(
    @Param('channelId') channelId: string,
    @Headers('x-telegram-bot-api-secret-token') secret: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const channel = await this.channels.getEnabled(channelId, CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM);
    const secrets = this.channels.secrets(channel);
    verifySharedSecret(secret, secrets.webhook_secret, SECRET_HEADER);
    const update = parseTelegramUpdate(body);
    if (!update) return { ok: true, ignored: true };
    this.gate.admit(res, channel, update.userId);
    const result = await this.receive.execute({
      channel,
      identifierType: IdentityV1.IdentifierType.IDENTIFIER_TYPE_TELEGRAM_USER,
      externalUserId: update.userId,
      externalMessageId: `update:${update.updateId}`,
      replyAddress: update.chatId,
      text: update.text,
      displayName: update.displayName,
      locale: update.languageCode,
      sentAt: update.sentAt,
      attachments: update.attachments,
      edited: update.edited,
      startPayload: update.startPayload,
      buttonPayload: update.callbackData,
      replyToExternalId: update.replyToMessageId,
      hints: update.phone ? [identityHint(IdentityV1.IdentifierType.IDENTIFIER_TYPE_PHONE, update.phone, true)] : [],
      context: update.messageId ? { telegram_message_id: update.messageId } : {},
    });
    // Stops the spinner on the pressed button; best effort, the message is already stored.
    if (update.callbackQueryId)
      void callTelegram(this.config.TELEGRAM_API_BASE_URL, secrets.bot_token ?? '', 'answerCallbackQuery', { callback_query_id: update.callbackQueryId }, this.config.OUTBOUND_TIMEOUT_MS).then((r) => {
        if (!r.body.ok) this.logger.warn({ channelId, status: r.status, error: r.error ?? r.body.description }, 'answerCallbackQuery failed');
      });
    return { ok: true, duplicate: result.duplicate };
  }
}
