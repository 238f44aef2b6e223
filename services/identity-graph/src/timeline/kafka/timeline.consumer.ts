import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { RecordTimelineItemUseCase } from '../use-cases/record-timeline-item/record-timeline-item.use-case';

/** Builds the unified timeline from ingress, dialogue and checkout events. */
@Injectable()
export class TimelineConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly record: RecordTimelineItemUseCase,
  ) {}

  onModuleInit(): void {
    this.consumer
      .on(Events.messageReceived, (e, m) => this.record.inbound(m, e))
      .on(Events.replyReady, (e, m) => this.record.outbound(m, e))
      .on(Events.turnCompleted, (e, m) => this.record.turn(m, e))
      .on(Events.handoffRequested, (e, m) => this.record.handoff(m, e))
      .on(Events.orderPlaced, (e, m) => this.record.order(m, e));
  }
}
