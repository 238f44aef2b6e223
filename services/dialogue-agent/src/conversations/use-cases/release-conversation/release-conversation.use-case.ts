import { Injectable } from '@nestjs/common';
import { Mode, transition } from '../../domain/conversation-mode';
import { requireTenant } from '../../domain/dialogue.exception';
import { ConversationRepository } from '../../persistence/conversation.repository';

/** Hands the conversation back to the assistant. */
@Injectable()
export class ReleaseConversationUseCase {
  constructor(private readonly conversations: ConversationRepository) {}

  execute(cmd: { tenantId: string; conversationId: string }) {
    const tenantId = requireTenant(cmd.tenantId);
    return this.conversations.dataSource.transaction(async (m) => {
      const c = await this.conversations.lockById(m, tenantId, cmd.conversationId);
      c.mode = transition(c.mode as Mode, Mode.CONVERSATION_MODE_AI);
      return this.conversations.save(m, c);
    });
  }
}
