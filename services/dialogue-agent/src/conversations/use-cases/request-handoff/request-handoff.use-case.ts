import { Injectable } from '@nestjs/common';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { Mode, transition } from '../../domain/conversation-mode';
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
          summary: '',
          requestedAt: toTimestamp(new Date()),
        },
      });
      return c;
    });
  }
}
