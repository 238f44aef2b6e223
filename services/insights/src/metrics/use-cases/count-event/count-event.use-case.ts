import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationMark, EventKind } from '../../domain/event-kind';
import { hourBucket } from '../../domain/hour-range';
import { MetricsRepository } from '../../persistence/metrics.repository';

export interface CountEventCommand {
  tenantId: string;
  kind: EventKind;
  /** The event's ce_time; an absent or unreadable one counts the event in the hour it arrived. */
  ceTime: string;
  conversation?: { id: string; mark: ConversationMark };
}

/** Adds one event to its tenant's hourly counter; only the kind, the hour and a conversation id are kept. */
@Injectable()
export class CountEventUseCase {
  constructor(private readonly metrics: MetricsRepository) {}

  async execute(m: EntityManager, cmd: CountEventCommand): Promise<void> {
    const at = cmd.ceTime ? new Date(cmd.ceTime) : new Date(NaN);
    const hour = hourBucket(Number.isNaN(at.getTime()) ? new Date() : at);
    await this.metrics.increment(m, cmd.tenantId, cmd.kind, hour);
    const conversationId = cmd.conversation?.id.trim();
    if (conversationId && cmd.conversation) await this.metrics.markConversation(m, cmd.tenantId, conversationId, hour, cmd.conversation.mark);
  }
}
