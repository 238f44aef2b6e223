import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommonV1, DialogueV1, EventDescriptor, Events, fromTimestamp } from '@concierge/contracts';
import { ConsumedEvent, EventHandler, IdempotentConsumer } from '@concierge/kafka';
import { RecordFactUseCase } from '../../facts/use-cases/record-fact/record-fact.use-case';
import { ConversationMark, EventKind } from '../domain/event-kind';
import { CountEventUseCase } from '../use-cases/count-event/count-event.use-case';
import { RecordOutcomeUseCase } from '../use-cases/record-outcome/record-outcome.use-case';

const counted: [EventDescriptor<unknown>, EventKind][] = [
  [Events.deliveryUpdated, EventKind.DeliveryUpdated],
  [Events.orderStatusChanged, EventKind.OrderStatusChanged],
  [Events.customerMerged, EventKind.CustomerMerged],
  [Events.profileUpdated, EventKind.ProfileUpdated],
];

const timeOf = (e: ConsumedEvent<unknown>, ...candidates: (CommonV1.Timestamp | undefined)[]): Date => {
  for (const ts of candidates) {
    const d = fromTimestamp(ts);
    if (d && !Number.isNaN(d.getTime()) && d.getTime() > 0) return d;
  }
  const ce = new Date(e.attributes.time);
  return Number.isNaN(ce.getTime()) ? new Date() : ce;
};

/**
 * Every platform event: hourly counters, conversation facts (topics, barriers, alerts),
 * conversation outcomes and commerce attribution. One handler per topic.
 */
@Injectable()
export class PlatformEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly count: CountEventUseCase,
    private readonly facts: RecordFactUseCase,
    private readonly outcomes: RecordOutcomeUseCase,
  ) {}

  onModuleInit(): void {
    // Analytics, not money: a commit need not wait for the WAL flush (a Postgres crash can lose the last
    // fraction of a second of counts; an app crash loses nothing). Roughly doubles throughput on busy disks.
    const on = <T>(event: EventDescriptor<T>, handler: EventHandler<T>) =>
      this.consumer.on(event, async (e, m) => {
        await m.query(`SET LOCAL synchronous_commit TO OFF`);
        await handler(e, m);
      });
    for (const [event, kind] of counted) {
      on(event, (e, m) => this.count.execute(m, { tenantId: e.attributes.tenantId, kind, ceTime: e.attributes.time }));
    }
    on(Events.messageReceived, async (e, m) => {
      const tenantId = e.attributes.tenantId;
      await this.count.execute(m, { tenantId, kind: EventKind.MessageReceived, ceTime: e.attributes.time });
      const msg = e.payload.message;
      if (!msg?.text) return;
      const pseudonym = this.facts.pseudonym(tenantId, msg.customerId);
      if (await this.outcomes.surveyAnswer(m, tenantId, pseudonym, msg.text)) return;
      await this.facts.execute(m, {
        tenantId, inboundMessageId: msg.messageId, customerId: msg.customerId, channelKind: msg.channelKind as string, text: msg.text,
        occurredAt: timeOf(e, msg.receivedAt, msg.sentAt),
      });
    });
    on(Events.turnCompleted, async (e, m) => {
      const t = e.payload;
      const tenantId = e.attributes.tenantId;
      await this.count.execute(m, {
        tenantId, kind: EventKind.TurnCompleted, ceTime: e.attributes.time, conversation: { id: t.conversationId, mark: ConversationMark.Turn },
      });
      await this.turn(e, m, t, tenantId);
    });
    on(Events.handoffRequested, async (e, m) => {
      const tenantId = e.attributes.tenantId;
      await this.count.execute(m, {
        tenantId, kind: EventKind.HandoffRequested, ceTime: e.attributes.time, conversation: { id: e.payload.conversationId, mark: ConversationMark.Handoff },
      });
      if (e.payload.conversationId)
        await this.outcomes.handoff(m, tenantId, e.payload.conversationId, this.facts.pseudonym(tenantId, e.payload.customerId), timeOf(e, e.payload.requestedAt));
    });
    on(Events.replyReady, async (e, m) => {
      const tenantId = e.attributes.tenantId;
      const r = e.payload;
      await this.count.execute(m, { tenantId, kind: EventKind.ReplyReady, ceTime: e.attributes.time });
      const pseudonym = this.facts.pseudonym(tenantId, r.customerId);
      const at = timeOf(e, r.createdAt);
      if (r.conversationId && (r.purpose === 'csat_survey' || r.quickReplies.some((q) => /^csat[:=][1-5]$/i.test(q.payload)))) await this.outcomes.surveySent(m, tenantId, r.conversationId, pseudonym, at);
      if (r.proactive) await this.outcomes.outreach(m, e.attributes.id, tenantId, pseudonym, at, 'proactive_reply', r.channelKind as string);
    });
    on(Events.outreachDue, async (e, m) => {
      const tenantId = e.attributes.tenantId;
      await this.count.execute(m, { tenantId, kind: EventKind.OutreachDue, ceTime: e.attributes.time });
      await this.outcomes.outreach(m, e.attributes.id, tenantId, this.facts.pseudonym(tenantId, e.payload.customerId), timeOf(e, e.payload.dueAt), 'outreach');
    });
    on(Events.orderPlaced, async (e, m) => {
      const tenantId = e.attributes.tenantId;
      await this.count.execute(m, { tenantId, kind: EventKind.OrderPlaced, ceTime: e.attributes.time });
      const o = e.payload.order;
      if (!o?.orderId) return;
      await this.outcomes.order(m, {
        orderId: o.orderId, tenantId, pseudonym: this.facts.pseudonym(tenantId, o.customerId), at: timeOf(e, o.placedAt),
        amountMinor: o.total?.amountMinor ?? '0', currency: o.total?.currency ?? '', lines: o.lines.map((l) => ({ productId: l.productId, name: l.name })),
      });
    });
    on(Events.customerErased, async (e, m) => {
      const tenantId = e.attributes.tenantId;
      await this.count.execute(m, { tenantId, kind: EventKind.CustomerErased, ceTime: e.attributes.time });
      await this.outcomes.erase(m, tenantId, this.facts.pseudonym(tenantId, e.payload.customerId));
    });
  }

  private async turn(e: ConsumedEvent<unknown>, m: Parameters<RecordOutcomeUseCase['turn']>[0], t: DialogueV1.TurnCompleted, tenantId: string): Promise<void> {
    const receivedAt = timeOf(e, t.receivedAt);
    if (t.customerText && !(await this.outcomes.surveyAnswer(m, tenantId, this.facts.pseudonym(tenantId, t.customerId), t.customerText))) {
      await this.facts.execute(m, {
      tenantId, inboundMessageId: t.inboundMessageId, customerId: t.customerId, channelKind: t.channelKind as string, text: t.customerText, occurredAt: receivedAt,
      turn: { conversationId: t.conversationId, sentiment: t.sentiment, frustration: t.frustration, decisionStyle: t.decisionStyle, intent: t.intent },
      });
    }
    if (!t.conversationId) return;
    await this.outcomes.turn(m, {
      tenantId, conversationId: t.conversationId, pseudonym: this.facts.pseudonym(tenantId, t.customerId), channelKind: t.channelKind as string, receivedAt,
      repliedAt: fromTimestamp(t.repliedAt) ?? undefined, replied: !!t.replyText || t.handledByHuman, handledByHuman: t.handledByHuman, sentiment: t.sentiment,
      // dialogue-agent's explicit resolution rule: ai_resolved / human_resolved end a conversation, abandoned does not resolve it.
      resolved: t.resolution === 'ai_resolved' || t.resolution === 'human_resolved' ? { byHuman: t.resolution === 'human_resolved' } : undefined,
      csat: t.csatScore >= 1 && t.csatScore <= 5 ? t.csatScore : undefined,
    });
  }
}
