import { Injectable } from '@nestjs/common';
import type { ChannelEntity } from '../../channels/persistence/channel.entity';
import type { ChannelAdapter, OutboundMessage, SendOutcome } from '../domain/channel-adapter';
import { WidgetStreamHub } from './widget-stream.hub';

/** Pushes to open widget streams; a visitor who is offline gets it on reconnect from the delivery log. */
@Injectable()
export class WidgetAdapter implements ChannelAdapter {
  constructor(private readonly hub: WidgetStreamHub) {}

  async send(channel: ChannelEntity, _secrets: Record<string, string>, message: OutboundMessage): Promise<SendOutcome> {
    this.hub.publish(channel.id, message.recipient, {
      id: message.deliveryId,
      text: message.text,
      quickReplies: message.quickReplies,
      attachments: message.attachments,
      createdAt: new Date().toISOString(),
    });
    return { ok: true, externalId: message.deliveryId };
  }
}
