import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommonV1, DialogueV1, fromTimestamp, IdentityV1, IngressV1, CheckoutV1 } from '@concierge/contracts';
import { TimelineRepository } from '../../persistence/timeline.repository';

const Kind = IdentityV1.TimelineItemKind;

/** Appends what happened to a customer to their timeline, once per source event. */
@Injectable()
export class RecordTimelineItemUseCase {
  constructor(private readonly timeline: TimelineRepository) {}

  inbound(m: EntityManager, eventId: string, e: IngressV1.MessageReceived): Promise<void> {
    const msg = e.message;
    if (!msg?.customerId) return Promise.resolve();
    return this.timeline.append(m, {
      tenantId: msg.tenantId,
      customerId: msg.customerId,
      kind: Kind.TIMELINE_ITEM_KIND_INBOUND_MESSAGE,
      channelKind: msg.channelKind,
      channelId: msg.channelId,
      text: msg.text,
      occurredAt: fromTimestamp(msg.receivedAt) ?? new Date(),
      sourceEventId: eventId,
    });
  }

  outbound(m: EntityManager, eventId: string, e: DialogueV1.ReplyReady): Promise<void> {
    if (!e.customerId) return Promise.resolve();
    return this.timeline.append(m, {
      tenantId: e.tenantId,
      customerId: e.customerId,
      kind: e.proactive ? Kind.TIMELINE_ITEM_KIND_OUTREACH : Kind.TIMELINE_ITEM_KIND_OUTBOUND_MESSAGE,
      channelKind: e.channelKind ?? CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED,
      channelId: e.channelId,
      text: e.text,
      occurredAt: fromTimestamp(e.createdAt) ?? new Date(),
      sourceEventId: eventId,
    });
  }

  order(m: EntityManager, eventId: string, e: CheckoutV1.OrderPlaced): Promise<void> {
    const order = e.order;
    if (!order?.customerId) return Promise.resolve();
    const lines = order.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ');
    return this.timeline.append(m, {
      tenantId: order.tenantId,
      customerId: order.customerId,
      kind: Kind.TIMELINE_ITEM_KIND_ORDER,
      channelKind: '',
      channelId: '',
      text: `Order ${order.orderId}: ${lines}`,
      occurredAt: fromTimestamp(order.placedAt) ?? new Date(),
      sourceEventId: eventId,
    });
  }
}
