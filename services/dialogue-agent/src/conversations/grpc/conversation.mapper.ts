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
  summary: c.summary ?? '',
  mood: c.mood ?? '',
  decisionStyle: c.decisionStyle ?? '',
  suggestedReply: c.suggestedReply ?? '',
  frustration: c.frustration ?? 0,
  resolution: c.resolution ?? '',
  csatScore: c.csatScore ?? 0,
  handoffReason: c.handoffReason ?? '',
});

const json = (v: unknown) => {
  try {
    return JSON.stringify(v ?? null);
  } catch {
    return 'null';
  }
};

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
  sentiment: d.sentiment ?? 0,
  mood: d.mood ?? '',
  affectSignals: d.affectSignals ?? [],
  toolCalls: (d.toolCalls ?? []).map((t) => ({ name: t.name, argumentsJson: json(t.arguments), resultJson: json(t.result), ok: t.ok, refusedReason: t.refusedReason ?? '' })),
  engine: d.engine ?? 'offline',
  promptTokens: String(d.promptTokens ?? 0),
  completionTokens: String(d.completionTokens ?? 0),
  toneReasons: d.toneReasons ?? [],
  styleConfidence: d.styleConfidence ?? 0,
  humanOffered: d.humanOffered ?? false,
});
