import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../domain/dialogue.exception';
import { ConversationRepository } from '../../persistence/conversation.repository';

@Injectable()
export class GetDecisionLogUseCase {
  constructor(private readonly conversations: ConversationRepository) {}

  async execute(q: { tenantId: string; conversationId: string }) {
    const c = await this.conversations.find(requireTenant(q.tenantId), { id: q.conversationId });
    return this.conversations.decisions(c.id);
  }
}
