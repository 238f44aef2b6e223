import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { identityHint } from '../../clients/identity-hints';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import { InboundGate } from '../../inbound/http/inbound-gate';
import { InboundErrorCode, InboundException } from '../../inbound/domain/inbound.exception';
import { parseMetaWebhook } from '../../inbound/domain/meta-webhook';
import { verifyMetaSignature } from '../../inbound/domain/webhook-signature';
import { ReceiveMessageUseCase } from '../../inbound/use-cases/receive-message/receive-message.use-case';
import { RecordDeliveryStatusUseCase } from '../../outbound/use-cases/record-delivery-status/record-delivery-status.use-case';
import { createHash, timingSafeEqual } from 'node:crypto';

const Kind = CommonV1.ChannelKind;
const Id = IdentityV1.IdentifierType;

const ROUTES: Record<string, { kind: CommonV1.ChannelKind; identifier: IdentityV1.IdentifierType }> = {
  whatsapp: { kind: Kind.CHANNEL_KIND_WHATSAPP, identifier: Id.IDENTIFIER_TYPE_WHATSAPP_USER },
  messenger: { kind: Kind.CHANNEL_KIND_MESSENGER, identifier: Id.IDENTIFIER_TYPE_MESSENGER_USER },
  instagram: { kind: Kind.CHANNEL_KIND_INSTAGRAM, identifier: Id.IDENTIFIER_TYPE_INSTAGRAM_USER },
};

const sameSecret = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

const PATHS = Object.keys(ROUTES).map((p) => `${p}/:channelId`);
const providerOf = (req: Request) => /\/v1\/webhooks\/(\w+)\//.exec(req.path)?.[1] ?? '';

function route(provider: string) {
  const r = ROUTES[provider];
  if (!r) throw new InboundException(InboundErrorCode.MalformedPayload, `unknown Meta provider ${provider}`);
  return r;
}

/** WhatsApp Cloud API, Messenger and Instagram: one Meta webhook format, one signature. */
@Controller('v1/webhooks')
export class MetaWebhookController {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
    private readonly statuses: RecordDeliveryStatusUseCase,
    private readonly gate: InboundGate,
  ) {}

  /** Subscription check: echo hub.challenge when hub.verify_token matches the channel's verify_token. */
  @Get(PATHS)
  @Header('content-type', 'text/plain; charset=utf-8')
  async verify(
    @Req() req: Request,
    @Param('channelId') channelId: string,
    @Query('hub.mode') mode: string | undefined,
    @Query('hub.verify_token') token: string | undefined,
    @Query('hub.challenge') challenge: string | undefined,
  ) {
    const channel = await this.channels.getEnabled(channelId, route(providerOf(req)).kind);
    const expected = this.channels.secrets(channel).verify_token ?? '';
    if (mode !== 'subscribe' || !token || !expected || !sameSecret(token, expected))
      throw new InboundException(InboundErrorCode.VerifyTokenInvalid, 'hub.mode must be subscribe and hub.verify_token must match the channel');
    return String(challenge ?? '');
  }

  @Post(PATHS)
  @HttpCode(200)
  async notify(
    @Param('channelId') channelId: string,
    @Body() body: unknown,
    @Req() req: Request & { rawBody?: Buffer },
    @Res({ passthrough: true }) res: Response,
  ) {
    const r = route(providerOf(req));
    const channel = await this.channels.getEnabled(channelId, r.kind);
    verifyMetaSignature(req.rawBody, req.header('x-hub-signature-256'), this.channels.secrets(channel).app_secret);
    const events = parseMetaWebhook(body);
    let stored = 0;
    let duplicates = 0;
    let statuses = 0;
    for (const e of events) {
      if (e.type === 'status') {
        if (await this.statuses.execute({ channelId: channel.id, externalId: e.externalId, status: e.status, error: e.error })) statuses++;
        continue;
      }
      this.gate.admit(res, channel, e.userId);
      const result = await this.receive.execute({
        channel,
        identifierType: r.identifier,
        externalUserId: e.userId,
        externalMessageId: e.externalMessageId,
        replyAddress: e.userId,
        text: e.text,
        displayName: e.displayName,
        locale: '',
        sentAt: e.sentAt,
        attachments: e.attachments,
        buttonPayload: e.buttonPayload,
        replyToExternalId: e.replyToExternalId,
        hints: r.kind === Kind.CHANNEL_KIND_WHATSAPP ? [identityHint(Id.IDENTIFIER_TYPE_PHONE, `+${e.userId.replace(/^\+/, '')}`, true)] : [],
      });
      if (result.duplicate) duplicates++;
      else stored++;
    }
    return { ok: true, stored, duplicates, statuses };
  }
}
