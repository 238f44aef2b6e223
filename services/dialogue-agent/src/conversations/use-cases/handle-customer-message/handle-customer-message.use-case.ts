import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CommonV1, DialogueV1, Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import { detectLanguage } from '../../../agent/domain/language';
import { recognizeIntent } from '../../../agent/domain/intent';
import { decideReply, KnowledgeAnswer, PolicyDecision } from '../../../agent/domain/offline-policy';
import { IDENTITY_CLIENT, IdentityClient } from '../../../clients/identity.client';
import type { DialogueAgentEnv } from '../../../config/dialogue-agent.env';
import { SearchKnowledgeUseCase } from '../../../knowledge/use-cases/search-knowledge/search-knowledge.use-case';
import { agentMayReply, Mode, transition } from '../../domain/conversation-mode';
import { requireTenant, requireText } from '../../domain/dialogue.exception';
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
}

export interface HandledMessage {
  conversation: ConversationEntity;
  /** Undefined when a person owns the conversation or the message was a redelivery. */
  reply?: PolicyDecision & { turnId: string };
  duplicate: boolean;
}

/** A customer message in, the assistant's reply (or silence while a person owns the conversation) out. */
@Injectable()
export class HandleCustomerMessageUseCase {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly knowledge: SearchKnowledgeUseCase,
    private readonly outbox: Outbox,
    @Inject(IDENTITY_CLIENT) private readonly identity: IdentityClient,
    @Inject(SERVICE_CONFIG) private readonly config: DialogueAgentEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(msg: CustomerMessage, opts: { publishReply: boolean; manager?: EntityManager }): Promise<HandledMessage> {
    requireTenant(msg.tenantId);
    requireText(msg.text, 'text');
    const intent = recognizeIntent(msg.text);
    const language = detectLanguage(msg.text, msg.locale);
    const [customerName, knowledge] = await Promise.all([
      this.customerName(msg),
      intent === 'question' ? this.bestKnowledge(msg) : Promise.resolve(undefined),
    ]);
    const run = (m: EntityManager) => this.record(m, msg, decideReply({ intent, language, customerName, knowledge }), opts.publishReply);
    return opts.manager ? run(opts.manager) : this.conversations.dataSource.transaction(run);
  }

  private async record(m: EntityManager, msg: CustomerMessage, decision: PolicyDecision, publishReply: boolean): Promise<HandledMessage> {
    const conversation = await this.conversations.lockForCustomer(m, msg.tenantId, msg.customerId);
    const customerTurn = await this.conversations.addTurn(m, {
      conversationId: conversation.id,
      tenantId: msg.tenantId,
      role: DialogueV1.TurnRole.TURN_ROLE_CUSTOMER,
      text: msg.text,
      channelKind: msg.channelKind,
      inboundMessageId: msg.inboundMessageId,
      authorId: msg.customerId,
    });
    if (!customerTurn) return { conversation, duplicate: true };
    conversation.lastChannelId = msg.channelId || conversation.lastChannelId;
    conversation.lastInboundMessageId = msg.inboundMessageId || conversation.lastInboundMessageId;
    const mode = conversation.mode as Mode;
    if (!agentMayReply(mode)) {
      await this.conversations.save(m, conversation);
      await this.publishTurn(m, msg, conversation, customerTurn.id, undefined);
      return { conversation, duplicate: false };
    }
    conversation.mode = decision.handoff
      ? transition(Mode.CONVERSATION_MODE_AI, Mode.CONVERSATION_MODE_HANDOFF_REQUESTED)
      : Mode.CONVERSATION_MODE_AI;
    await this.conversations.save(m, conversation);
    const replyTurn = (await this.conversations.addTurn(m, {
      conversationId: conversation.id,
      tenantId: msg.tenantId,
      role: DialogueV1.TurnRole.TURN_ROLE_ASSISTANT,
      text: decision.text,
      channelKind: msg.channelKind,
      inboundMessageId: '',
      authorId: 'assistant',
    }))!;
    await this.conversations.addDecision(m, {
      turnId: replyTurn.id,
      conversationId: conversation.id,
      tenantId: msg.tenantId,
      intent: decision.intent,
      tone: decision.tone,
      frustration: 0,
      urgency: 0,
      decisionStyle: '',
      tools: decision.knowledgeChunkIds.length ? ['search_knowledge'] : [],
      knowledgeChunkIds: decision.knowledgeChunkIds,
      reason: decision.reason,
    });
    if (publishReply) await this.publishReply(m, msg, conversation, decision);
    if (decision.handoff) await this.publishHandoff(m, msg, conversation, decision.reason);
    await this.publishTurn(m, msg, conversation, replyTurn.id, decision);
    return { conversation, reply: { ...decision, turnId: replyTurn.id }, duplicate: false };
  }

  private async customerName(msg: CustomerMessage): Promise<string> {
    try {
      // Only the name is used so far: GetCustomer, not the heavier GetCustomerContext, on the hot path.
      const { customer } = await this.identity.getCustomer(
        { tenantId: msg.tenantId, customerId: msg.customerId },
        { correlationId: msg.correlationId },
      );
      return customer?.displayName ?? '';
    } catch (err) {
      // The reply matters more than the greeting's name: carry on without the profile.
      this.logger.warn({ err: (err as Error).message, customerId: msg.customerId }, 'customer context unavailable');
      return '';
    }
  }

  private async bestKnowledge(msg: CustomerMessage): Promise<KnowledgeAnswer | undefined> {
    const [best] = await this.knowledge.execute({ tenantId: msg.tenantId, query: msg.text, limit: 1 });
    if (!best || best.score < this.config.KNOWLEDGE_MIN_SCORE) return undefined;
    return { chunkId: best.id, title: best.title, text: best.text, score: best.score };
  }

  private publishReply(m: EntityManager, msg: CustomerMessage, c: ConversationEntity, d: PolicyDecision) {
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
        text: d.text,
        quickReplies: d.quickReplies,
        inReplyToMessageId: msg.inboundMessageId,
        proactive: false,
        createdAt: toTimestamp(new Date()),
      },
    });
  }

  private publishHandoff(m: EntityManager, msg: CustomerMessage, c: ConversationEntity, reason: string) {
    return this.outbox.add(m, {
      event: Events.handoffRequested,
      key: msg.customerId,
      tenantId: msg.tenantId,
      correlationId: msg.correlationId,
      payload: {
        tenantId: msg.tenantId,
        customerId: msg.customerId,
        conversationId: c.id,
        reason,
        summary: msg.text.slice(0, 500),
        requestedAt: toTimestamp(new Date()),
      },
    });
  }

  private publishTurn(m: EntityManager, msg: CustomerMessage, c: ConversationEntity, turnId: string, d: PolicyDecision | undefined) {
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
        replyText: d?.text ?? '',
        intent: d?.intent ?? '',
        tone: d?.tone ?? '',
        frustration: 0,
        sentiment: 0,
        decisionStyle: '',
        handledByHuman: !d,
        receivedAt: toTimestamp(msg.receivedAt),
        repliedAt: d ? toTimestamp(new Date()) : undefined,
      },
    });
  }
}
