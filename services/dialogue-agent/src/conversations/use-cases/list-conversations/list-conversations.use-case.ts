import { Injectable } from '@nestjs/common';
import { DialogueV1 } from '@concierge/contracts';
import { requireTenant } from '../../domain/dialogue.exception';
import { ConversationRepository } from '../../persistence/conversation.repository';

@Injectable()
export class ListConversationsUseCase {
  constructor(private readonly conversations: ConversationRepository) {}

  /** Offset paging; the page token is the offset of the next page. */
  async execute(q: { tenantId: string; mode: DialogueV1.ConversationMode; pageSize: number; pageToken: string }) {
    const size = Math.min(Math.max(q.pageSize || 50, 1), 200);
    const offset = /^\d+$/.test(q.pageToken) ? Number(q.pageToken) : 0;
    const mode = q.mode && q.mode !== DialogueV1.ConversationMode.CONVERSATION_MODE_UNSPECIFIED ? q.mode : undefined;
    const rows = await this.conversations.list(requireTenant(q.tenantId), mode, size + 1, offset);
    return { conversations: rows.slice(0, size), nextPageToken: rows.length > size ? String(offset + size) : '' };
  }
}
