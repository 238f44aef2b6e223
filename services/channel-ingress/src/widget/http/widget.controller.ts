import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import { identityHint, resolveRequest } from '../../clients/identity-hints';
import { IDENTITY_CLIENT, IdentityClient } from '../../clients/identity.client';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { checkAttachment } from '../../inbound/domain/attachment-policy';
import { InboundGate } from '../../inbound/http/inbound-gate';
import { ReceiveMessageUseCase } from '../../inbound/use-cases/receive-message/receive-message.use-case';
import { WidgetEvent, WidgetStreamHub } from '../../outbound/adapters/widget-stream.hub';
import { DeliveryRepository } from '../../outbound/persistence/delivery.repository';
import { identifySignedBy, parseWidgetIdentify, parseWidgetMessage, validateVisitorId, WidgetIdentify } from '../domain/widget-message';
import { demoPage, widgetScript } from '../assets';

const WIDGET = CommonV1.ChannelKind.CHANNEL_KIND_WIDGET;
const Id = IdentityV1.IdentifierType;
const HEARTBEAT_MS = 15_000;

const identityHints = (i: WidgetIdentify | undefined, verified = false): IdentityV1.Identity[] =>
  i
    ? [
        ...(i.email ? [identityHint(Id.IDENTIFIER_TYPE_EMAIL, i.email, verified)] : []),
        ...(i.phone ? [identityHint(Id.IDENTIFIER_TYPE_PHONE, i.phone, verified)] : []),
        ...(i.crmId ? [identityHint(Id.IDENTIFIER_TYPE_CRM_ID, i.crmId, verified)] : []),
      ]
    : [];

@Controller()
export class WidgetController {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
    private readonly hub: WidgetStreamHub,
    private readonly deliveries: DeliveryRepository,
    private readonly gate: InboundGate,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
  ) {}

  @Post('v1/widget/:channelId/messages')
  @HttpCode(202)
  async message(@Param('channelId') channelId: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const channel = await this.channels.getEnabled(channelId, WIDGET);
    const msg = parseWidgetMessage(body, this.config.WIDGET_MAX_TEXT_LENGTH);
    for (const u of msg.uploads) checkAttachment(this.gate.attachments, { mimeType: u.mimeType, sizeBytes: u.content.length, fileName: u.fileName });
    res.setHeader('access-control-allow-origin', '*');
    this.gate.admit(res, channel, msg.visitorId);
    const result = await this.receive.execute({
      channel,
      identifierType: Id.IDENTIFIER_TYPE_WIDGET_VISITOR,
      externalUserId: msg.visitorId,
      externalMessageId: msg.clientMessageId ?? randomUUID(),
      replyAddress: msg.visitorId,
      text: msg.text,
      displayName: msg.displayName || msg.identity?.name || '',
      locale: msg.locale,
      sentAt: new Date(),
      affectHints: msg.affect,
      typing: msg.typing,
      buttonPayload: msg.buttonPayload,
      startPayload: msg.startPayload,
      inline: msg.uploads.map((u) => ({ kind: 'image', ...u })),
      hints: identityHints(msg.identity, !!msg.identity && identifySignedBy(msg.identity, this.channels.secrets(channel).identify_secret)),
    });
    // The assistant is "typing" until its reply arrives on the stream.
    if (!result.duplicate) this.hub.publish(channel.id, msg.visitorId, { id: '', type: 'typing', text: '', quickReplies: [], createdAt: new Date().toISOString() });
    return { messageId: result.messageId, duplicate: result.duplicate };
  }

  /** Links the anonymous visitor to a known customer (email, phone, CRM id) through identity-graph. */
  @Post('v1/widget/:channelId/identify')
  @HttpCode(200)
  async identify(@Param('channelId') channelId: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const channel = await this.channels.getEnabled(channelId, WIDGET);
    const who = parseWidgetIdentify(body);
    res.setHeader('access-control-allow-origin', '*');
    this.gate.admit(res, channel, who.visitorId);
    const verified = identifySignedBy(who, this.channels.secrets(channel).identify_secret);
    const { customerId } = await this.identity.resolveIdentity(
      resolveRequest({ tenantId: channel.tenantId, type: Id.IDENTIFIER_TYPE_WIDGET_VISITOR, value: who.visitorId, hints: identityHints(who, verified), displayName: who.name, locale: '' }),
    );
    return { ok: true, customerId, verified };
  }

  /** Server-sent events; reconnects resume after Last-Event-ID, so no reply is lost. */
  @Get('v1/widget/:channelId/stream')
  async stream(
    @Param('channelId') channelId: string,
    @Query('visitorId') visitorIdParam: string,
    @Query('lastEventId') lastEventIdParam: string | undefined,
    @Query('typing') typingParam: string | undefined,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const channel = await this.channels.getEnabled(channelId, WIDGET);
    const visitorId = validateVisitorId(visitorIdParam);
    const after = [lastEventIdHeader, lastEventIdParam].find((v) => v && /^\d{1,18}$/.test(v));
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': '*',
    });
    res.write('retry: 3000\n\n');
    let lastSent = BigInt(after ?? 0);
    // Live events wait while the backlog is replayed, so ids stay in order and nothing is skipped.
    let replaying = !!after;
    const held: WidgetEvent[] = [];
    const write = (e: WidgetEvent) => {
      if (e.type === 'typing') {
        // Opt-in (?typing=1, as widget.js asks) so plain EventSource clients only see messages.
        if (typingParam === '1') res.write(`event: typing\ndata: {}\n\n`);
        return;
      }
      if (BigInt(e.id) <= lastSent) return;
      lastSent = BigInt(e.id);
      res.write(`id: ${e.id}\nevent: message\ndata: ${JSON.stringify(e)}\n\n`);
    };
    const send = (e: WidgetEvent) => (replaying && e.type !== 'typing' ? held.push(e) : write(e));
    const unsubscribe = this.hub.subscribe(channel.id, visitorId, send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    if (after) {
      for (const d of await this.deliveries.since(channel.id, visitorId, after, 1000))
        write({ id: d.id, text: d.text, quickReplies: d.quickReplies, attachments: d.attachments ?? [], createdAt: d.createdAt.toISOString() });
      replaying = false;
      held.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)).forEach(write);
    }
  }

  @Get('widget.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  script() {
    return widgetScript();
  }

  @Get('demo')
  @Header('content-type', 'text/html; charset=utf-8')
  demo(@Query('channel') channel: string | undefined) {
    return demoPage(channel && /^[a-z0-9-]{3,63}$/.test(channel) ? channel : 'demo-widget');
  }
}
