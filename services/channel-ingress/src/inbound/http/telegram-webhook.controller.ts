import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import { parseTelegramUpdate } from '../domain/telegram-update';
import { verifySharedSecret } from '../domain/webhook-secret';
import { ReceiveMessageUseCase } from '../use-cases/receive-message/receive-message.use-case';

const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

@Controller('v1/webhooks/telegram')
export class TelegramWebhookController {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
  ) {}

  @Post(':channelId')
  @HttpCode(200)
  async update(
    @Param('channelId') channelId: string,
    @Headers('x-telegram-bot-api-secret-token') secret: string | undefined,
    @Body() body: unknown,
  ) {
    const channel = await this.channels.getEnabled(channelId, CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM);
    verifySharedSecret(secret, this.channels.secrets(channel).webhook_secret, SECRET_HEADER);
    const update = parseTelegramUpdate(body);
    if (!update) return { ok: true, ignored: true };
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
    });
    return { ok: true, duplicate: result.duplicate };
  }
}
