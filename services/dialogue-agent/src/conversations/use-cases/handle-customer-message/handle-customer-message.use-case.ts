import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CommonV1, DialogueV1, Events, IdentityV1, PredictionV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { PINO_LOGGER } from '@concierge/service-kit';
import { AgentTurnEngine, TurnResult } from '../../../agent/agent-turn';
import { AgentState, newEpisode } from '../../../agent/domain/agent-state';
import { detectLanguage, Language } from '../../../agent/domain/language';
import { redact } from '../../../agent/domain/redact';
import { AGENT_PORTS } from '../../../clients/agent-ports.provider';
import type { AgentPorts } from '../../../agent/tools/ports';
import { agentMayReply, Mode, transition } from '../../domain/conversation-mode';
import { DialogueErrorCode, DialogueException, requireTenant } from '../../domain/dialogue.exception';
import { operatorBrief } from '../../domain/operator-brief';
import { ConversationEntity } from '../../persistence/conversation.entity';
import { ConversationRepository } from '../../persistence/conversation.repository';

export interface CustomerMessage {
  tenantId: string;
  customerId: string;
  text: string;
  channelKind: CommonV1.ChannelKind;
  channelId: string;
  locale: string;
  /** Empty for synchronous Converse calls. */
  inboundMessageId: string;
  receivedAt: Date;
  correlationId?: string;
  attachments?: CommonV1.Attachment[];
  affectHints?: CommonV1.AffectHints;
}

export interface AgentReply extends TurnResult {
  turnId: string;
}

export interface HandledMessage {
  conversation: ConversationEntity;
  /** Undefined when a person owns the conversation or the message was a redelivery. */
  reply?: AgentReply;
  duplicate: boolean;
}

const MAX_TEXT = 8000;

/** A customer message in, the assistant's reply (or silence while a person owns the conversation) out. */
@Injectable()
export class HandleCustomerMessageUseCase {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly engine: AgentTurnEngine,
    private readonly outbox: Outbox,
    @Inject(AGENT_PORTS) private readonly ports: AgentPorts,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(msg: CustomerMessage, opts: { publishReply: boolean; manager?: EntityManager }): Promise<HandledMessage> {
    requireTenant(msg.tenantId);
    const images = (msg.attachments ?? []).filter((a) => /^image/i.test(a.kind) || /^image\//i.test(a.mimeType));
    const text = (msg.text ?? '').trim();
    if (!text && !images.length) throw new DialogueException(DialogueErrorCode.InvalidArgument, 'text is required');
    if (text.length > MAX_TEXT) throw new DialogueException(DialogueErrorCode.InvalidArgument, `text must be at most ${MAX_TEXT} characters`);
    if (!msg.customerId?.trim()) throw new DialogueException(DialogueErrorCode.InvalidArgument, 'customer_id is required');
    const run = (m: EntityManager) => this.turn(m, { ...msg, text }, images, opts.publishReply);
    return opts.manager ? run(opts.manager) : this.conversations.dataSource.transaction(run);
  }

  private async turn(m: EntityManager, msg: CustomerMessage, images: CommonV1.Attachment[], publishReply: boolean): Promise<HandledMessage> {
    const conversation = await this.conversations.lockForCustomer(m, msg.tenantId, msg.customerId);
    const customerTurn = await this.conversations.addTurn(m, {
      conversationId: conversation.id,
      tenantId: msg.tenantId,
      role: DialogueV1.TurnRole.TURN_ROLE_CUSTOMER,
      text: msg.text || `[${images.length} image(s)]`,
      channelKind: msg.channelKind,
      inboundMessageId: msg.inboundMessageId,
      authorId: msg.customerId,
    });
    if (!customerTurn) return { conversation, duplicate: true };
    const state = (conversation.state ?? {}) as AgentState;
    conversation.lastChannelId = msg.channelId || conversation.lastChannelId;
    conversation.lastChannelKind = msg.channelKind || conversation.lastChannelKind;
    conversation.lastInboundMessageId = msg.inboundMessageId || conversation.lastInboundMessageId;
    conversation.lastActivityAt = new Date();
    const mode = conversation.mode as Mode;
    const language = detectLanguage(msg.text, msg.locale);

    if (!agentMayReply(mode)) {
      // A person owns the conversation: record, never talk over them.
      await this.conversations.save(m, conversation);
      await this.publishTurn(m, msg, conversation, customerTurn.id, undefined);
      return { conversation, duplicate: false };
    }
    const wasClosed = mode === Mode.CONVERSATION_MODE_CLOSED;
    if (wasClosed || !state.episode) {
      state.episode = newEpisode();
      if (wasClosed) {
        conversation.resolution = '';
        conversation.resolutionRule = '';
        conversation.closedAt = null;
      }
    }

    const [customerName, dueReorder, digest] = await this.context(msg);
    const history = (await this.conversations.turns(conversation.id, 12))
      .filter((t) => t.id !== customerTurn.id && t.role !== DialogueV1.TurnRole.TURN_ROLE_OPERATOR)
      .map((t) => ({ role: t.role === DialogueV1.TurnRole.TURN_ROLE_CUSTOMER ? ('user' as const) : ('assistant' as const), content: t.text }));
    const result = await this.engine.run({
      tenantId: msg.tenantId,
      customerId: msg.customerId,
      conversationId: conversation.id,
      customerTurnId: customerTurn.id,
      text: msg.text,
      language,
      channelKind: msg.channelKind,
      hints: hintsOf(msg.affectHints),
      imageUrls: images.map((i) => i.url).filter(Boolean),
      state,
      customerName,
      history,
      dueReorder,
      contextDigest: digest,
      correlationId: msg.correlationId,
      now: new Date(),
    });

    const csatOnly = wasClosed && result.intents[0] === 'csat_answer';
    if (result.csatScore) {
      conversation.csatScore = result.csatScore;
      state.csatPending = false;
    }
    if (csatOnly) {
      // Rating a closed conversation does not reopen it.
      conversation.mode = Mode.CONVERSATION_MODE_CLOSED;
    } else {
      conversation.mode = result.handoff
        ? transition(wasClosed ? Mode.CONVERSATION_MODE_AI : mode, Mode.CONVERSATION_MODE_HANDOFF_REQUESTED)
        : Mode.CONVERSATION_MODE_AI;
    }
    state.episode!.aiReplies++;
    state.episode!.lastCustomerFrustration = result.affect.frustration;
    if (result.handoff) state.episode!.handoffRequested = true;
    conversation.mood = result.affect.mood;
    conversation.frustration = result.conversationFrustration;
    conversation.decisionStyle = result.style.style;
    if (result.handoff) {
      const brief = operatorBrief({
        language,
        customerName,
        customerTexts: state.customerTexts ?? [msg.text],
        reason: result.handoffReason,
        mood: result.affect.mood,
        frustration: result.conversationFrustration,
        style: result.style.style,
        cartOrQuote: state.pendingQuote ? `${state.pendingQuote.summary}, quote ${state.pendingQuote.quoteId}` : undefined,
        lastOrder: state.lastOrderId,
      });
      conversation.summary = brief.summary;
      conversation.suggestedReply = brief.suggestedReply;
      conversation.handoffReason = result.handoffReason;
    }
    conversation.state = state as Record<string, unknown>;
    await this.conversations.save(m, conversation);

    const replyTurn = (await this.conversations.addTurn(m, {
      conversationId: conversation.id,
      tenantId: msg.tenantId,
      role: DialogueV1.TurnRole.TURN_ROLE_ASSISTANT,
      text: result.text,
      channelKind: msg.channelKind,
      inboundMessageId: '',
      authorId: 'assistant',
    }))!;
    await this.conversations.addDecision(m, {
      turnId: replyTurn.id,
      conversationId: conversation.id,
      tenantId: msg.tenantId,
      intent: result.intent,
      tone: result.tone.mode,
      frustration: result.affect.frustration,
      urgency: result.affect.urgency,
      decisionStyle: result.style.style,
      tools: result.tools.map((t) => t.name),
      knowledgeChunkIds: result.knowledgeChunkIds,
      reason: result.reason,
      sentiment: result.affect.sentiment,
      mood: result.affect.mood,
      affectSignals: result.affect.signals.slice(0, 20),
      toolCalls: result.tools.map((t) => ({ name: t.name, arguments: t.arguments, result: truncate(t.result), ok: t.ok, refusedReason: t.refusedReason })),
      engine: result.engine,
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
      toneReasons: result.tone.reasons,
      styleConfidence: result.style.confidence,
      humanOffered: result.humanOffered,
    });
    await this.conversations.addUsage(m, {
      tenantId: msg.tenantId,
      conversationId: conversation.id,
      ...result.usage,
      fallback: result.engine === 'offline_fallback',
    });
    if (publishReply) await this.publishReply(m, msg, conversation, result);
    if (result.handoff) await this.publishHandoff(m, msg, conversation, result);
    await this.publishTurn(m, msg, conversation, replyTurn.id, result);
    this.logger.info(
      { conversationId: conversation.id, intent: result.intent, tone: result.tone.mode, engine: result.engine, tools: result.tools.map((t) => t.name), text: redact(msg.text).slice(0, 200) },
      'turn answered',
    );
    if (result.style.style !== 'unknown' && result.style.confidence >= 0.6) await this.storeStyleTrait(msg, result);
    return { conversation, reply: { ...result, turnId: replyTurn.id }, duplicate: false };
  }

  /** Bounded context: the customer's name and history digest from identity, a due reorder from prediction. Each optional. */
  private async context(msg: CustomerMessage): Promise<[string, { productName: string; reason: string } | undefined, string]> {
    const opts = { deadlineMs: 1500, correlationId: msg.correlationId };
    const [ctx, nba] = await Promise.allSettled([
      this.ports.identity.getCustomerContext!({ tenantId: msg.tenantId, customerId: msg.customerId, recentItems: 6 }, opts),
      this.ports.prediction.getNextBestAction!({ tenantId: msg.tenantId, customerId: msg.customerId }, opts),
    ]);
    let name = '';
    let digest = '';
    if (ctx.status === 'fulfilled') {
      name = ctx.value.customer?.displayName ?? '';
      const facts = ctx.value.facts.map((f) => `${f.subject}: ${f.fact}`).slice(0, 5).join('; ');
      const traits = ctx.value.traits.map((t) => `${t.name}=${t.value}`).slice(0, 5).join(', ');
      digest = [ctx.value.historyDigest, facts && `facts: ${facts}`, traits && `traits: ${traits}`].filter(Boolean).join(' | ');
    } else this.logger.warn({ err: (ctx.reason as Error).message }, 'customer context unavailable');
    let due: { productName: string; reason: string } | undefined;
    if (nba.status === 'fulfilled' && nba.value.kind === PredictionV1.NextBestActionKind.NEXT_BEST_ACTION_KIND_REORDER && nba.value.productId) {
      let productName = nba.value.productId;
      try {
        productName = (await this.ports.checkout.getProduct!({ tenantId: msg.tenantId, productId: nba.value.productId }, opts)).product?.name ?? productName;
      } catch {
        /* keep the id */
      }
      due = { productName, reason: nba.value.reason };
    }
    return [name, due, digest];
  }

  private async storeStyleTrait(msg: CustomerMessage, r: TurnResult) {
    try {
      await this.ports.identity.setTrait!(
        { tenantId: msg.tenantId, customerId: msg.customerId, trait: { name: 'decision_style', value: r.style.style, confidence: r.style.confidence, source: 'dialogue-agent', updatedAt: undefined } } as IdentityV1.SetTraitRequest,
        { deadlineMs: 1500, correlationId: msg.correlationId },
      );
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not store the decision style trait');
    }
  }

  private publishReply(m: EntityManager, msg: CustomerMessage, c: ConversationEntity, r: TurnResult) {
    const replyId = randomUUID();
    return this.outbox.add(m, {
      event: Events.replyReady,
      eventId: replyId,
      key: msg.customerId,
      tenantId: msg.tenantId,
      correlationId: msg.correlationId,
      payload: {
        replyId,
        tenantId: msg.tenantId,
        customerId: msg.customerId,
        conversationId: c.id,
        channelId: msg.channelId,
        channelKind: msg.channelKind,
        text: r.text,
        quickReplies: r.quickReplies,
        inReplyToMessageId: msg.inboundMessageId,
        proactive: false,
        createdAt: toTimestamp(new Date()),
        attachments: [],
        templateName: '',
        templateLanguage: '',
        purpose: 'answer',
      },
    });
  }

  private publishHandoff(m: EntityManager, msg: CustomerMessage, c: ConversationEntity, r: TurnResult) {
    return this.outbox.add(m, {
      event: Events.handoffRequested,
      key: msg.customerId,
      tenantId: msg.tenantId,
      correlationId: msg.correlationId,
      payload: {
        tenantId: msg.tenantId,
        customerId: msg.customerId,
        conversationId: c.id,
        reason: r.handoffReason,
        summary: c.summary,
        requestedAt: toTimestamp(new Date()),
        mood: r.affect.mood,
        decisionStyle: r.style.style,
        frustration: r.conversationFrustration,
        suggestedReply: c.suggestedReply,
        lastCustomerText: msg.text.slice(0, 1000),
      },
    });
  }

  private publishTurn(m: EntityManager, msg: CustomerMessage, c: ConversationEntity, turnId: string, r: TurnResult | undefined) {
    return this.outbox.add(m, {
      event: Events.turnCompleted,
      key: msg.customerId,
      tenantId: msg.tenantId,
      correlationId: msg.correlationId,
      payload: {
        tenantId: msg.tenantId,
        customerId: msg.customerId,
        conversationId: c.id,
        turnId,
        inboundMessageId: msg.inboundMessageId,
        channelKind: msg.channelKind,
        customerText: msg.text,
        replyText: r?.text ?? '',
        intent: r?.intent ?? '',
        tone: r?.tone.mode ?? '',
        frustration: r?.affect.frustration ?? 0,
        sentiment: r?.affect.sentiment ?? 0,
        decisionStyle: r?.style.style ?? '',
        handledByHuman: !r,
        receivedAt: toTimestamp(msg.receivedAt),
        repliedAt: r ? toTimestamp(new Date()) : undefined,
        urgency: r?.affect.urgency ?? 0,
        mood: r?.affect.mood ?? '',
        intents: r?.intents ?? [],
        resolution: '',
        csatScore: r?.csatScore ?? 0,
        barriers: r?.barriers ?? [],
        tools: r?.tools.map((t) => t.name) ?? [],
        engine: r?.engine ?? '',
        knowledgeChunkIds: r?.knowledgeChunkIds ?? [],
        humanOffered: r?.humanOffered ?? false,
        conversationMode: c.mode,
        promptTokens: String(r?.usage.promptTokens ?? 0),
        completionTokens: String(r?.usage.completionTokens ?? 0),
        costMicros: String(r?.usage.costMicros ?? 0),
        resolutionRule: '',
      },
    });
  }
}

function hintsOf(h: CommonV1.AffectHints | undefined) {
  if (!h) return undefined;
  return {
    typingPauseMs: h.typingPauseSeconds ? h.typingPauseSeconds * 1000 : undefined,
    speechRateWpm: h.speechRateWpm || undefined,
    pauseRatio: h.pauseRatio || undefined,
    loudnessDb: h.loudnessDb || undefined,
    pitchHz: h.pitchHz || undefined,
  };
}

function truncate(v: unknown): unknown {
  const s = JSON.stringify(v ?? null);
  return s.length > 4000 ? { truncated: s.slice(0, 4000) } : v;
}

export type { Language };
