import { CommonV1, DialogueV1, toTimestamp } from '@concierge/contracts';
import type { ConversationEntity } from '../persistence/conversation.entity';
import type { DecisionEntity } from '../persistence/decision.entity';
import type { TurnEntity } from '../persistence/turn.entity';

export const toTurnProto = (t: TurnEntity): DialogueV1.Turn => ({
  turnId: t.id,
  role: t.role as DialogueV1.TurnRole,
  text: t.text,
  channelKind: (t.channelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
  createdAt: toTimestamp(t.createdAt),
});

export const toConversationProto = (c: ConversationEntity, turns: TurnEntity[] = []): DialogueV1.Conversation => ({
  conversationId: c.id,
  tenantId: c.tenantId,
  customerId: c.customerId,
  mode: c.mode as DialogueV1.ConversationMode,
  turns: turns.map(toTurnProto),
  updatedAt: toTimestamp(c.updatedAt),
});

export const toDecisionProto = (d: Omit<DecisionEntity, 'createdAt'> & { createdAt?: Date }): DialogueV1.Decision => ({
  turnId: d.turnId,
  intent: d.intent,
  tone: d.tone,
  frustration: d.frustration,
  urgency: d.urgency,
  decisionStyle: d.decisionStyle,
  tools: d.tools,
  knowledgeChunkIds: d.knowledgeChunkIds,
  reason: d.reason,
  createdAt: toTimestamp(d.createdAt ?? new Date()),
});
