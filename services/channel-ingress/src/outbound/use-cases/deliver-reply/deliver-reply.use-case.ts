import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommonV1, DialogueV1, Events, IngressV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { ChannelRepository } from '../../../channels/persistence/channel.repository';
import { InboundMessageRepository } from '../../../inbound/persistence/inbound-message.repository';
import { TelegramAdapter } from '../../adapters/telegram.adapter';
import { WidgetAdapter } from '../../adapters/widget.adapter';
import type { ChannelAdapter } from '../../domain/channel-adapter';
import { OutboundErrorCode, OutboundException } from '../../domain/outbound.exception';
import { DeliveryRepository } from '../../persistence/delivery.repository';

const Status = IngressV1.DeliveryStatus;

/** Delivers a reply on the channel the customer wrote from, once, and records the outcome. */
@Injectable()
export class DeliverReplyUseCase {
  private readonly adapters: Partial<Record<CommonV1.ChannelKind, ChannelAdapter>>;

  constructor(
    private readonly channels: ChannelRepository,
    private readonly inbound: InboundMessageRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly outbox: Outbox,
    telegram: TelegramAdapter,
    widget: WidgetAdapter,
  ) {
    this.adapters = {
      [CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM]: telegram,
      [CommonV1.ChannelKind.CHANNEL_KIND_WIDGET]: widget,
    };
  }

  async execute(m: EntityManager, reply: DialogueV1.ReplyReady): Promise<void> {
    const origin = reply.inReplyToMessageId ? await this.inbound.findById(reply.inReplyToMessageId) : null;
    if (!origin)
      throw new OutboundException(
        OutboundErrorCode.NoReachableChannel,
        `reply ${reply.replyId} names no inbound message this service knows`,
      );
    const channel = await this.channels.findById(origin.channelId);
    const adapter = channel && this.adapters[channel.kind as CommonV1.ChannelKind];
    if (!channel || !adapter || !channel.enabled)
      throw new OutboundException(OutboundErrorCode.NoReachableChannel, `channel ${origin.channelId} cannot deliver replies`);
    const delivery = await this.deliveries.insertOnce(m, {
      replyId: reply.replyId,
      tenantId: reply.tenantId,
      channelId: channel.id,
      channelKind: channel.kind,
      customerId: reply.customerId,
      recipient: origin.replyAddress,
      text: reply.text,
      quickReplies: reply.quickReplies,
      status: Status.DELIVERY_STATUS_QUEUED,
    });
    if (!delivery) return;
    const outcome = await adapter.send(channel, this.channels.secrets(channel), {
      deliveryId: delivery.id,
      recipient: delivery.recipient,
      text: reply.text,
      quickReplies: reply.quickReplies,
    });
    const status = outcome.ok ? Status.DELIVERY_STATUS_SENT : Status.DELIVERY_STATUS_FAILED;
    const attempts = outcome.ok ? 1 : outcome.attempts;
    const error = outcome.ok ? '' : outcome.error;
    await this.deliveries.recordOutcome(m, delivery.id, {
      status,
      attempts,
      lastError: error,
      externalId: outcome.ok ? outcome.externalId : '',
    });
    await this.outbox.add(m, {
      event: Events.deliveryUpdated,
      key: reply.customerId,
      tenantId: reply.tenantId,
      payload: {
        deliveryId: delivery.id,
        tenantId: reply.tenantId,
        channelId: channel.id,
        channelKind: channel.kind as CommonV1.ChannelKind,
        customerId: reply.customerId,
        replyId: reply.replyId,
        status,
        error,
        attempts,
        updatedAt: toTimestamp(new Date()),
      },
    });
  }
}
