import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommonV1, DialogueV1, Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { AgentState, newEpisode } from '../../../agent/domain/agent-state';
import { Mode, transition } from '../../domain/conversation-mode';
import { DialogueErrorCode, DialogueException, requireTenant, requireText } from '../../domain/dialogue.exception';
import { ConversationRepository } from '../../persistence/conversation.repository';

/** A person answers: they own the conversation from now on, and the reply goes out on the customer's channel. */
@Injectable()
export class OperatorReplyUseCase {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly outbox: Outbox,
  ) {}

  execute(cmd: { tenantId: string; conversationId: string; operatorId: string; text: string }) {
    const tenantId = requireTenant(cmd.tenantId);
    const text = requireText(cmd.text, 'text', 4000);
    const operatorId = requireText(cmd.operatorId, 'operator_id', 200);
    return this.conversations.dataSource.transaction(async (m) => {
      const c = await this.conversations.lockById(m, tenantId, cmd.conversationId);
      if (c.mode === Mode.CONVERSATION_MODE_CLOSED)
        throw new DialogueException(DialogueErrorCode.WrongMode, 'the conversation is closed');
      c.mode = transition(c.mode as Mode, Mode.CONVERSATION_MODE_HUMAN);
      const state = (c.state ?? {}) as AgentState;
      state.episode = { ...(state.episode ?? newEpisode()), humanReplied: true };
      c.state = state as Record<string, unknown>;
      c.lastActivityAt = new Date();
      await this.conversations.save(m, c);
      const turn = (await this.conversations.addTurn(m, {
        conversationId: c.id,
        tenantId,
        role: DialogueV1.TurnRole.TURN_ROLE_OPERATOR,
        text,
        channelKind: '',
        inboundMessageId: '',
        authorId: operatorId,
      }))!;
      const replyId = randomUUID();
      await this.outbox.add(m, {
        event: Events.replyReady,
        eventId: replyId,
        key: c.customerId,
        tenantId,
        payload: {
          replyId,
          tenantId,
          customerId: c.customerId,
          conversationId: c.id,
          channelId: c.lastChannelId,
          channelKind: (c.lastChannelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
          text,
          quickReplies: [],
          inReplyToMessageId: c.lastInboundMessageId,
          proactive: false,
          createdAt: toTimestamp(new Date()),
          attachments: [],
          templateName: '',
          templateLanguage: '',
          purpose: 'operator',
        },
      });
      return turn;
    });
  }
}
