import { Injectable } from '@nestjs/common';
import { DialogueErrorCode, DialogueException, requireTenant } from '../../domain/dialogue.exception';
import { ConversationRepository } from '../../persistence/conversation.repository';

@Injectable()
export class GetConversationUseCase {
  constructor(private readonly conversations: ConversationRepository) {}

  async execute(q: { tenantId: string; conversationId: string; customerId: string }) {
    const tenantId = requireTenant(q.tenantId);
    if (!q.conversationId && !q.customerId)
      throw new DialogueException(DialogueErrorCode.InvalidArgument, 'conversation_id or customer_id is required');
    const conversation = await this.conversations.find(tenantId, { id: q.conversationId || undefined, customerId: q.customerId || undefined });
    return { conversation, turns: await this.conversations.turns(conversation.id) };
  }
}
