import { Inject, Injectable } from '@nestjs/common';
import { CheckoutV1, CommonV1, PredictionV1, fromTimestamp } from '@concierge/contracts';
import { PoisonRecordError } from '@concierge/kafka';
import type { EntityManager } from 'typeorm';
import { ProactiveContext, ProactiveKind } from '../../domain/proactive-message';
import { PROACTIVE_CONFIG, ProactiveEnv } from '../../config/proactive.env';
import { ProactiveMessageRepository } from '../../persistence/proactive-message.repository';

const Action = PredictionV1.OutreachAction;
const Status = CheckoutV1.OrderStatus;

const OUTREACH_KIND: Partial<Record<PredictionV1.OutreachAction, ProactiveKind>> = {
  [Action.OUTREACH_ACTION_REORDER]: 'reorder',
  [Action.OUTREACH_ACTION_TRY_NEW_PRODUCT]: 'try_new',
  [Action.OUTREACH_ACTION_WIN_BACK]: 'win_back',
  [Action.OUTREACH_ACTION_FOLLOW_UP]: 'follow_up',
};

const STATUS_KIND: Partial<Record<CheckoutV1.OrderStatus, ProactiveKind>> = {
  [Status.ORDER_STATUS_PAID]: 'payment_confirmed',
  [Status.ORDER_STATUS_SHIPPED]: 'shipped',
  [Status.ORDER_STATUS_CANCELLED]: 'cancelled',
  [Status.ORDER_STATUS_REFUNDED]: 'refunded',
};

const items = (lines: CheckoutV1.OrderLine[] | undefined) =>
  (lines ?? []).map((l) => (l.quantity > 1 ? `${l.quantity} × ${l.name}` : l.name)).filter(Boolean);

/** Turns consumed events into scheduled proactive messages (inside the consumer's transaction). */
@Injectable()
export class ScheduleProactiveMessageUseCase {
  constructor(
    private readonly repo: ProactiveMessageRepository,
    @Inject(PROACTIVE_CONFIG) private readonly config: ProactiveEnv,
  ) {}

  async outreachDue(m: EntityManager, e: PredictionV1.OutreachDue, eventId: string, tenantId: string): Promise<boolean> {
    if (!e.customerId) throw new PoisonRecordError('outreach-due without customer_id');
    const kind = OUTREACH_KIND[e.action] ?? 'reorder';
    const context: ProactiveContext = {
      productId: e.productId || undefined, productName: e.productName || undefined, quantity: e.quantity || undefined,
      outreachId: e.outreachId || eventId, reason: e.reason, channelKind: e.channelKind && e.channelKind !== CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED ? e.channelKind : undefined, requiresTemplate: e.requiresTemplate || undefined,
    };
    return this.repo.schedule(m, {
      tenantId, customerId: e.customerId, kind, dedupeKey: `outreach:${e.outreachId || eventId}`, sourceEventId: eventId,
      dueAt: fromTimestamp(e.dueAt) ?? new Date(), context,
    });
  }

  async orderStatusChanged(m: EntityManager, e: CheckoutV1.OrderStatusChanged, eventId: string, tenantId: string): Promise<boolean> {
    if (!e.customerId || !e.orderId) throw new PoisonRecordError('order-status-changed without customer_id or order_id');
    const context: ProactiveContext = { orderId: e.orderId, items: items(e.order?.lines), conversationId: e.order?.conversationId || undefined };
    if (e.status === Status.ORDER_STATUS_DELIVERED) {
      const changed = fromTimestamp(e.changedAt) ?? new Date();
      const due = fromTimestamp(e.followUpDueAt) ?? fromTimestamp(e.order?.followUpDueAt) ?? new Date(changed.getTime() + this.config.PROACTIVE_FOLLOW_UP_DAYS * 86_400_000);
      return this.repo.schedule(m, { tenantId, customerId: e.customerId, kind: 'follow_up', dedupeKey: `follow_up:${e.orderId}`, sourceEventId: eventId, dueAt: due, context });
    }
    const kind = STATUS_KIND[e.status];
    if (!kind) return false;
    return this.repo.schedule(m, { tenantId, customerId: e.customerId, kind, dedupeKey: `order:${e.orderId}:${kind}`, sourceEventId: eventId, dueAt: new Date(), context });
  }

  async followUpDue(m: EntityManager, e: CheckoutV1.FollowUpDue, eventId: string, tenantId: string): Promise<boolean> {
    if (!e.customerId || !e.orderId) throw new PoisonRecordError('follow-up-due without customer_id or order_id');
    return this.repo.schedule(m, {
      tenantId, customerId: e.customerId, kind: 'follow_up', dedupeKey: `follow_up:${e.orderId}`, sourceEventId: eventId,
      dueAt: fromTimestamp(e.dueAt) ?? new Date(),
      context: { orderId: e.orderId, items: items(e.lines), conversationId: e.conversationId || undefined },
    });
  }
}
