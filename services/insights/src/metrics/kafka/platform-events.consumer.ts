import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventDescriptor, Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { ConversationMark, EventKind } from '../domain/event-kind';
import { CountEventUseCase } from '../use-cases/count-event/count-event.use-case';

const counted: [EventDescriptor<unknown>, EventKind][] = [
  [Events.messageReceived, EventKind.MessageReceived],
  [Events.deliveryUpdated, EventKind.DeliveryUpdated],
  [Events.replyReady, EventKind.ReplyReady],
  [Events.orderPlaced, EventKind.OrderPlaced],
  [Events.orderStatusChanged, EventKind.OrderStatusChanged],
  [Events.outreachDue, EventKind.OutreachDue],
  [Events.customerMerged, EventKind.CustomerMerged],
  // Nothing here names a customer, so an erasure has nothing to delete: it is only counted.
  [Events.customerErased, EventKind.CustomerErased],
  [Events.profileUpdated, EventKind.ProfileUpdated],
];

/** Counts every platform event per tenant and hour; payloads (message text included) are never stored. */
@Injectable()
export class PlatformEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly count: CountEventUseCase,
  ) {}

  onModuleInit(): void {
    // The tenant_id header is on every record whatever its payload type, so it is the one tenant source here.
    for (const [event, kind] of counted) {
      this.consumer.on(event, (e, m) => this.count.execute(m, { tenantId: e.attributes.tenantId, kind, ceTime: e.attributes.time }));
    }
    this.consumer
      .on(Events.turnCompleted, (e, m) =>
        this.count.execute(m, {
          tenantId: e.attributes.tenantId,
          kind: EventKind.TurnCompleted,
          ceTime: e.attributes.time,
          conversation: { id: e.payload.conversationId, mark: ConversationMark.Turn },
        }),
      )
      .on(Events.handoffRequested, (e, m) =>
        this.count.execute(m, {
          tenantId: e.attributes.tenantId,
          kind: EventKind.HandoffRequested,
          ceTime: e.attributes.time,
          conversation: { id: e.payload.conversationId, mark: ConversationMark.Handoff },
        }),
      );
  }
}
