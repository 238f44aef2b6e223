import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { identityHint } from '../../clients/identity-hints';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { parseVoiceBatch } from '../../inbound/domain/voice-batch';
import { verifyBearer, verifyTimestampedHmac } from '../../inbound/domain/webhook-signature';
import { InboundGate } from '../../inbound/http/inbound-gate';
import { ReceiveMessageUseCase } from '../../inbound/use-cases/receive-message/receive-message.use-case';
import { DeliveryRepository } from '../../outbound/persistence/delivery.repository';
import { afterParam, replyView, waitForReplies } from './replies';

const VOICE = CommonV1.ChannelKind.CHANNEL_KIND_VOICE;

/**
 * Voice transcripts in, reply text out. The provider posts transcript batches (signed); the reply comes
 * back in the same response when it is ready within ?waitMs (long poll, ≤ 15 s), else by polling
 * GET .../calls/{callId}/replies?after=<id> or by a signed POST to the channel's callback_url.
 */
@Controller('v1/webhooks/voice')
export class VoiceWebhookController {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
    private readonly deliveries: DeliveryRepository,
    private readonly gate: InboundGate,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
  ) {}

  @Post(':channelId')
  @HttpCode(200)
  async transcript(
    @Param('channelId') channelId: string,
    @Query('waitMs') waitMs: string | undefined,
    @Body() body: unknown,
    @Req() req: Request & { rawBody?: Buffer },
    @Res({ passthrough: true }) res: Response,
  ) {
    const channel = await this.channels.getEnabled(channelId, VOICE);
    const secrets = this.channels.secrets(channel);
    verifyTimestampedHmac(req.rawBody, req.header('x-concierge-timestamp'), req.header('x-concierge-signature'), secrets.webhook_secret, this.config.WEBHOOK_SIGNATURE_TOLERANCE_S);
    const batch = parseVoiceBatch(body);
    this.gate.admit(res, channel, batch.callId);
    const before = (await this.deliveries.since(channel.id, batch.callId, '0', 1000)).at(-1)?.id ?? '0';
    if (!batch.text) return { ok: true, ignored: true, replies: [] };
    const hints = batch.callerPhone ? [identityHint(IdentityV1.IdentifierType.IDENTIFIER_TYPE_PHONE, batch.callerPhone)] : [];
    const result = await this.receive.execute({
      channel,
      identifierType: batch.callerPhone ? IdentityV1.IdentifierType.IDENTIFIER_TYPE_PHONE : IdentityV1.IdentifierType.IDENTIFIER_TYPE_CUSTOM,
      externalUserId: batch.callerPhone || `voice:${batch.callerId || batch.callId}`,
      externalMessageId: `${batch.callId}:${batch.sequence}`,
      replyAddress: batch.callId,
      text: batch.text,
      displayName: batch.callerName,
      locale: batch.locale,
      sentAt: new Date(),
      affectHints: batch.affect,
      voiceSegments: batch.segments,
      conversationRef: batch.callId,
      hints: batch.callerPhone ? [] : hints,
      context: { call_id: batch.callId },
    });
    const wait = Math.min(Number(waitMs) || 0, 15_000);
    const replies = wait > 0 && !result.duplicate ? await waitForReplies(this.deliveries, channel.id, batch.callId, before, wait) : [];
    return {
      ok: true,
      messageId: result.messageId,
      duplicate: result.duplicate,
      replies: replies.map(replyView),
      poll: `/v1/webhooks/voice/${channel.id}/calls/${encodeURIComponent(batch.callId)}/replies?after=${replies.at(-1)?.id ?? before}`,
    };
  }

  @Get(':channelId/calls/:callId/replies')
  async replies(
    @Param('channelId') channelId: string,
    @Param('callId') callId: string,
    @Query('after') after: string | undefined,
    @Query('waitMs') waitMs: string | undefined,
    @Headers('authorization') authorization: string | undefined,
  ) {
    const channel = await this.channels.getEnabled(channelId, VOICE);
    verifyBearer(authorization, this.channels.secrets(channel).webhook_secret);
    const from = afterParam(after);
    const replies = await waitForReplies(this.deliveries, channel.id, callId, from, Math.min(Number(waitMs) || 0, 15_000));
    return { replies: replies.map(replyView), next: replies.at(-1)?.id ?? from };
  }
}
