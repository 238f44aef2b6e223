import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../domain/dialogue.exception';
import { ConversationRepository } from '../../persistence/conversation.repository';

@Injectable()
export class GetLlmUsageUseCase {
  constructor(private readonly conversations: ConversationRepository) {}

  async execute(q: { tenantId: string; conversationId: string }) {
    const tenantId = requireTenant(q.tenantId);
    if (q.conversationId) await this.conversations.find(tenantId, { id: q.conversationId });
    return this.conversations.usage(tenantId, q.conversationId || undefined);
  }
}
