import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { identityHint } from '../../clients/identity-hints';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { parseApiMessage } from '../../inbound/domain/api-message';
import { checkAttachment } from '../../inbound/domain/attachment-policy';
import { InboundErrorCode, InboundException } from '../../inbound/domain/inbound.exception';
import { verifyBearer } from '../../inbound/domain/webhook-signature';
import { InboundGate } from '../../inbound/http/inbound-gate';
import { InlineAttachment, ReceiveMessageUseCase } from '../../inbound/use-cases/receive-message/receive-message.use-case';
import { DeliveryRepository } from '../../outbound/persistence/delivery.repository';
import { afterParam, replyView, waitForReplies } from './replies';

const API = CommonV1.ChannelKind.CHANNEL_KIND_API;
const Id = IdentityV1.IdentifierType;

/** The API channel for apps and custom clients: bearer key per channel, JSON in, replies by callback or polling. */
@Controller('v1/channels')
export class ApiChannelController {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
    private readonly deliveries: DeliveryRepository,
    private readonly gate: InboundGate,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
  ) {}

  @Post(':channelId/messages')
  @HttpCode(202)
  async message(
    @Param('channelId') channelId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const channel = await this.channels.getEnabled(channelId, API);
    verifyBearer(authorization, this.channels.secrets(channel).api_key);
    const msg = parseApiMessage(body, this.config.WIDGET_MAX_TEXT_LENGTH);
    this.gate.admit(res, channel, msg.userId);
    const inline: InlineAttachment[] = [];
    const linked = [];
    for (const a of msg.attachments) {
      if (a.dataBase64) {
        const content = Buffer.from(a.dataBase64, 'base64');
        if (!content.length) throw new InboundException(InboundErrorCode.InvalidMessage, 'attachment dataBase64 is not base64');
        checkAttachment(this.gate.attachments, { mimeType: a.mimeType, sizeBytes: content.length, fileName: a.fileName });
        inline.push({ kind: a.kind, mimeType: a.mimeType, fileName: a.fileName, content });
      } else {
        checkAttachment(this.gate.attachments, { mimeType: a.mimeType, sizeBytes: 0, fileName: a.fileName });
        linked.push({ kind: a.kind, url: a.url, mimeType: a.mimeType, fileName: a.fileName, sizeBytes: 0, externalId: '' });
      }
    }
    const hint = (type: IdentityV1.IdentifierType, value: string) => (value ? [identityHint(type, value)] : []);
    const result = await this.receive.execute(
      {
      channel,
      identifierType: Id.IDENTIFIER_TYPE_APP_USER,
      externalUserId: msg.userId,
      externalMessageId: msg.messageId,
      replyAddress: msg.userId,
      text: msg.text,
      displayName: msg.name,
      locale: msg.locale,
      sentAt: new Date(),
      attachments: linked,
      inline,
        hints: [...hint(Id.IDENTIFIER_TYPE_EMAIL, msg.email), ...hint(Id.IDENTIFIER_TYPE_PHONE, msg.phone)],
      },
      // The answer carries the customer id, so this channel asks identity-graph before it answers.
      { resolveNow: true },
    );
    return { messageId: result.messageId, duplicate: result.duplicate, customerId: result.customerId };
  }

  @Get(':channelId/replies')
  async replies(
    @Param('channelId') channelId: string,
    @Query('userId') userId: string | undefined,
    @Query('after') after: string | undefined,
    @Query('waitMs') waitMs: string | undefined,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const channel = await this.channels.getEnabled(channelId, API);
    verifyBearer(authorization, this.channels.secrets(channel).api_key);
    if (!userId) throw new InboundException(InboundErrorCode.InvalidMessage, 'userId query parameter is required');
    const from = afterParam(after);
    const replies = await waitForReplies(this.deliveries, channel.id, userId, from, Math.min(Number(waitMs) || 0, 25_000));
    return { replies: replies.map(replyView), next: replies.at(-1)?.id ?? from };
  }
}
