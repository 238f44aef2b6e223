import { Injectable } from '@nestjs/common';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { AgentState, newEpisode } from '../../../agent/domain/agent-state';
import { detectLanguage } from '../../../agent/domain/language';
import { Mode, transition } from '../../domain/conversation-mode';
import { operatorBrief } from '../../domain/operator-brief';
import { requireTenant } from '../../domain/dialogue.exception';
import { ConversationRepository } from '../../persistence/conversation.repository';

@Injectable()
export class RequestHandoffUseCase {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly outbox: Outbox,
  ) {}

  execute(cmd: { tenantId: string; conversationId: string; reason: string }) {
    const tenantId = requireTenant(cmd.tenantId);
    return this.conversations.dataSource.transaction(async (m) => {
      const c = await this.conversations.lockById(m, tenantId, cmd.conversationId);
      if (c.mode === Mode.CONVERSATION_MODE_HUMAN || c.mode === Mode.CONVERSATION_MODE_HANDOFF_REQUESTED) return c;
      c.mode = transition(c.mode as Mode, Mode.CONVERSATION_MODE_HANDOFF_REQUESTED);
      const state = (c.state ?? {}) as AgentState;
      state.episode = { ...(state.episode ?? newEpisode()), handoffRequested: true };
      c.state = state as Record<string, unknown>;
      c.handoffReason = cmd.reason || 'requested over gRPC';
      const texts = state.customerTexts ?? [];
      const brief = operatorBrief({
        language: detectLanguage(texts.join(' ')),
        customerName: '',
        customerTexts: texts,
        reason: c.handoffReason,
        mood: c.mood,
        frustration: c.frustration,
        style: c.decisionStyle,
      });
      c.summary = brief.summary;
      c.suggestedReply = brief.suggestedReply;
      await this.conversations.save(m, c);
      await this.outbox.add(m, {
        event: Events.handoffRequested,
        key: c.customerId,
        tenantId,
        payload: {
          tenantId,
          customerId: c.customerId,
          conversationId: c.id,
          reason: cmd.reason || 'requested over gRPC',
          summary: c.summary,
          requestedAt: toTimestamp(new Date()),
          mood: c.mood,
          decisionStyle: c.decisionStyle,
          frustration: c.frustration,
          suggestedReply: c.suggestedReply,
          lastCustomerText: texts[texts.length - 1] ?? '',
        },
      });
      return c;
    });
  }
}
