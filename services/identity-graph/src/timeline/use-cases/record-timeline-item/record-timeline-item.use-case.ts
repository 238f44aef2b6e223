import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommonV1, DialogueV1, IdentityV1, IngressV1, CheckoutV1 } from '@concierge/contracts';
import { ConsumedEvent, eventTenant, eventTime, eventUuid } from '@concierge/kafka';
import { CustomerDirectory } from '@concierge/persistence';
import { identifierTypeForChannel, normalizeIdentifier } from '../../../identity/domain/identifier';
import { NewTimelineItem, TimelineRepository } from '../../persistence/timeline.repository';

const Kind = IdentityV1.TimelineItemKind;

/** Source key of an inbound message: shared by message-received and turn-completed, so the message is recorded once. */
const messageKey = (messageId: string) => `msg:${messageId}`;

/**
 * Appends what happened to a customer to their timeline, once per source event. Events about a
 * merged customer land on the survivor; events about an erased customer are dropped.
 */
@Injectable()
export class RecordTimelineItemUseCase {
  constructor(
    private readonly timeline: TimelineRepository,
    private readonly directory: CustomerDirectory,
  ) {}

  async inbound(m: EntityManager, e: ConsumedEvent<IngressV1.MessageReceived>): Promise<void> {
    const msg = e.payload.message;
    if (!msg?.customerId) return;
    const type = identifierTypeForChannel(msg.channelKind);
    await this.append(m, msg.tenantId, e, msg.customerId, {
      kind: Kind.TIMELINE_ITEM_KIND_INBOUND_MESSAGE,
      channelKind: channel(msg.channelKind),
      channelId: msg.channelId,
      text: msg.text,
      occurredAt: eventTime(msg.receivedAt ?? msg.sentAt, e.attributes.time),
      sourceEventId: messageKey(msg.messageId || e.attributes.id),
      identifierType: type ?? '',
      identifierValue: type ? identifierValue(type, msg.externalUserId) : '',
      intent: '',
    });
  }

  async outbound(m: EntityManager, e: ConsumedEvent<DialogueV1.ReplyReady>): Promise<void> {
    const r = e.payload;
    if (!r.customerId) return;
    // A reply follows the identifier of the message it answers (unmerge assigns items by identifier).
    const answered = r.inReplyToMessageId ? await this.timeline.findBySource(m, messageKey(r.inReplyToMessageId)) : null;
    await this.append(m, r.tenantId, e, r.customerId, {
      kind: r.proactive ? Kind.TIMELINE_ITEM_KIND_OUTREACH : Kind.TIMELINE_ITEM_KIND_OUTBOUND_MESSAGE,
      channelKind: channel(r.channelKind),
      channelId: r.channelId,
      text: r.text,
      occurredAt: eventTime(r.createdAt, e.attributes.time),
      sourceEventId: `reply:${r.replyId || e.attributes.id}`,
      identifierType: answered?.identifierType ?? '',
      identifierValue: answered?.identifierValue ?? '',
      intent: '',
    });
  }

  /** The agent's view of a turn: the intent of the customer's message (and the message itself, if ingress's event is late). */
  async turn(m: EntityManager, e: ConsumedEvent<DialogueV1.TurnCompleted>): Promise<void> {
    const t = e.payload;
    if (!t.customerId || !t.inboundMessageId) return;
    const key = messageKey(t.inboundMessageId);
    if (await this.timeline.setIntent(m, key, t.intent ?? '')) return;
    await this.append(m, t.tenantId, e, t.customerId, {
      kind: Kind.TIMELINE_ITEM_KIND_INBOUND_MESSAGE,
      channelKind: channel(t.channelKind),
      channelId: '',
      text: t.customerText,
      occurredAt: eventTime(t.receivedAt, e.attributes.time),
      sourceEventId: key,
      identifierType: '',
      identifierValue: '',
      intent: t.intent ?? '',
    });
  }

  async order(m: EntityManager, e: ConsumedEvent<CheckoutV1.OrderPlaced>): Promise<void> {
    const order = e.payload.order;
    if (!order?.customerId) return;
    const lines = order.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ');
    await this.append(m, order.tenantId, e, order.customerId, {
      kind: Kind.TIMELINE_ITEM_KIND_ORDER,
      channelKind: '',
      channelId: '',
      text: `Order ${order.orderId}: ${lines}`,
      occurredAt: eventTime(order.placedAt, e.attributes.time),
      sourceEventId: `order:${order.orderId || e.attributes.id}`,
      identifierType: '',
      identifierValue: '',
      intent: '',
    });
  }

  async handoff(m: EntityManager, e: ConsumedEvent<DialogueV1.HandoffRequested>): Promise<void> {
    const h = e.payload;
    if (!h.customerId) return;
    await this.append(m, h.tenantId, e, h.customerId, {
      kind: Kind.TIMELINE_ITEM_KIND_HANDOFF,
      channelKind: '',
      channelId: '',
      text: `Handed to a person: ${[h.reason, h.summary].filter(Boolean).join(' — ')}`.slice(0, 2000),
      occurredAt: eventTime(h.requestedAt, e.attributes.time),
      sourceEventId: `handoff:${e.attributes.id}`,
      identifierType: '',
      identifierValue: '',
      intent: '',
    });
  }

  private async append(
    m: EntityManager,
    payloadTenant: string,
    e: ConsumedEvent<unknown>,
    rawCustomerId: string,
    item: Omit<NewTimelineItem, 'tenantId' | 'customerId'>,
  ): Promise<void> {
    const tenantId = eventTenant(payloadTenant, e.attributes.tenantId);
    const target = await this.directory.resolve(m, tenantId, eventUuid(rawCustomerId, 'customer_id'));
    if (target.erased) return;
    await this.timeline.append(m, { ...item, tenantId, customerId: target.customerId });
  }
}

function channel(kind: CommonV1.ChannelKind | undefined): string {
  return !kind || kind === CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED || kind === CommonV1.ChannelKind.UNRECOGNIZED ? '' : kind;
}

function identifierValue(type: IdentityV1.IdentifierType, raw: string): string {
  try {
    return normalizeIdentifier(type, raw);
  } catch {
    return (raw ?? '').trim();
  }
}
