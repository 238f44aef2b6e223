import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CommonV1, IdentityV1 } from '@concierge/contracts';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { ChannelRepository } from '../../channels/persistence/channel.repository';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { ReceiveMessageUseCase } from '../../inbound/use-cases/receive-message/receive-message.use-case';
import { WidgetEvent, WidgetStreamHub } from '../../outbound/adapters/widget-stream.hub';
import { DeliveryRepository } from '../../outbound/persistence/delivery.repository';
import { parseWidgetMessage, validateVisitorId } from '../domain/widget-message';
import { demoPage, widgetScript } from '../assets';

const WIDGET = CommonV1.ChannelKind.CHANNEL_KIND_WIDGET;
const HEARTBEAT_MS = 15_000;

@Controller()
export class WidgetController {
  constructor(
    private readonly channels: ChannelRepository,
    private readonly receive: ReceiveMessageUseCase,
    private readonly hub: WidgetStreamHub,
    private readonly deliveries: DeliveryRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
  ) {}

  @Post('v1/widget/:channelId/messages')
  @HttpCode(202)
  async message(@Param('channelId') channelId: string, @Body() body: unknown) {
    const channel = await this.channels.getEnabled(channelId, WIDGET);
    const msg = parseWidgetMessage(body, this.config.WIDGET_MAX_TEXT_LENGTH);
    const result = await this.receive.execute({
      channel,
      identifierType: IdentityV1.IdentifierType.IDENTIFIER_TYPE_WIDGET_VISITOR,
      externalUserId: msg.visitorId,
      externalMessageId: msg.clientMessageId ?? randomUUID(),
      replyAddress: msg.visitorId,
      text: msg.text,
      displayName: msg.displayName,
      locale: msg.locale,
      sentAt: new Date(),
    });
    return { messageId: result.messageId, duplicate: result.duplicate };
  }

  /** Server-sent events; reconnects resume after Last-Event-ID, so no reply is lost. */
  @Get('v1/widget/:channelId/stream')
  async stream(
    @Param('channelId') channelId: string,
    @Query('visitorId') visitorIdParam: string,
    @Query('lastEventId') lastEventIdParam: string | undefined,
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
    const send = (e: WidgetEvent) => {
      if (BigInt(e.id) <= lastSent) return;
      lastSent = BigInt(e.id);
      res.write(`id: ${e.id}\nevent: message\ndata: ${JSON.stringify(e)}\n\n`);
    };
    const unsubscribe = this.hub.subscribe(channel.id, visitorId, send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    if (after) {
      for (const d of await this.deliveries.since(channel.id, visitorId, after)) {
        send({ id: d.id, text: d.text, quickReplies: d.quickReplies, createdAt: d.createdAt.toISOString() });
      }
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
