import { Injectable } from '@nestjs/common';
import { CommonV1 } from '@concierge/contracts';
import { EventKind } from '../../domain/event-kind';
import { hourRange } from '../../domain/hour-range';
import { requireTenant } from '../../domain/metrics.exception';
import { MetricsRepository } from '../../persistence/metrics.repository';

export interface Dashboard {
  conversations: string;
  inboundMessages: string;
  replies: string;
  handoffRate: number;
  automationRate: number;
}

/** A tenant's headline numbers over a time range, from the hourly counters. */
@Injectable()
export class GetDashboardUseCase {
  constructor(private readonly metrics: MetricsRepository) {}

  async execute(q: { tenantId: string; range?: { from?: CommonV1.Timestamp; to?: CommonV1.Timestamp } }): Promise<Dashboard> {
    const tenantId = requireTenant(q.tenantId);
    const range = hourRange(q.range);
    const [events, conversations] = await Promise.all([this.metrics.eventCounts(tenantId, range), this.metrics.conversationCounts(tenantId, range)]);
    const total = Number(conversations.conversations);
    return {
      conversations: conversations.conversations,
      inboundMessages: events.get(EventKind.MessageReceived) ?? '0',
      replies: events.get(EventKind.ReplyReady) ?? '0',
      handoffRate: total ? Number(conversations.handedOff) / total : 0,
      // Needs dialogue-agent's rule for a conversation resolved without a human; a later issue.
      automationRate: 0,
    };
  }
}
