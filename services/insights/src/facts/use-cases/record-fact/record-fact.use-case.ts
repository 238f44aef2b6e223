import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { InsightsEnv } from '../../../config/insights.env';
import { EvaluateAlertsUseCase } from '../../../alerts/use-cases/evaluate-alerts/evaluate-alerts.use-case';
import { classifyMessage, KnownProduct, maskPii } from '../../domain/message-classifier';
import { pseudonymize } from '../../domain/pseudonym';
import { LlmRefiner } from '../../llm/llm-refiner';
import { ConversationFactEntity } from '../../persistence/conversation-fact.entity';
import { KnownProductEntity } from '../../persistence/known-product.entity';
import { PublishFactsUseCase } from '../publish-facts/publish-facts.use-case';

/** What the agent concluded about the turn; taken as is, never recomputed here. */
export interface TurnReading {
  conversationId: string;
  sentiment: number;
  frustration: number;
  decisionStyle: string;
  intent: string;
}

export interface CustomerMessage {
  tenantId: string;
  inboundMessageId: string;
  customerId: string;
  channelKind: string;
  text: string;
  occurredAt: Date;
  turn?: TurnReading;
}

const RETURNING_AFTER_MS = 24 * 3_600_000;

/**
 * One fact per customer message, whichever of message-received and turn-completed comes first:
 * classified at once (alerts need no wait), published to Kafka when the agent's reading of the
 * turn arrives, or after INSIGHTS_FACT_WAIT_MS without it.
 */
@Injectable()
export class RecordFactUseCase {
  private products = new Map<string, { at: number; list: KnownProduct[] }>();

  constructor(
    private readonly alerts: EvaluateAlertsUseCase,
    private readonly publish: PublishFactsUseCase,
    private readonly llm: LlmRefiner,
    @Inject(SERVICE_CONFIG) private readonly config: InsightsEnv,
  ) {}

  pseudonym(tenantId: string, customerId: string): string {
    return pseudonymize(this.config.INSIGHTS_PSEUDONYM_KEY, tenantId, customerId);
  }

  async execute(m: EntityManager, msg: CustomerMessage): Promise<ConversationFactEntity | undefined> {
    const text = msg.text.trim();
    if (!text) return undefined;
    const messageId = msg.inboundMessageId || `turn:${randomUUID()}`;
    const existing = await m.findOne(ConversationFactEntity, { where: { tenantId: msg.tenantId, inboundMessageId: messageId }, lock: { mode: 'pessimistic_write' } });
    if (existing) {
      if (msg.turn && !existing.publishedAt) {
        Object.assign(existing, this.turnFields(msg.turn));
        await m.update(ConversationFactEntity, { factId: existing.factId }, this.turnFields(msg.turn));
        await this.publish.publish(m, [existing]);
      }
      return existing;
    }
    const pseudo = this.pseudonym(msg.tenantId, msg.customerId);
    const rules = classifyMessage(text, await this.knownProducts(m, msg.tenantId));
    const refined = await this.llm.refine(text, rules);
    const c = refined ?? rules;
    const fact = m.create(ConversationFactEntity, {
      factId: randomUUID(), tenantId: msg.tenantId, inboundMessageId: messageId, conversationId: '', pseudonymousCustomerId: pseudo,
      channelKind: msg.channelKind, occurredAt: msg.occurredAt, topics: c.topics, barriers: c.barriers, subjects: c.subjects,
      keyPhrases: c.keyPhrases, products: c.products, language: c.language, segment: await this.segment(m, msg.tenantId, pseudo, msg.occurredAt),
      sentiment: null, frustration: null, decisionStyle: '', intent: '', quote: maskPii(text), classifiedBy: refined ? 'rules+llm' : 'rules',
      createdAt: new Date(), publishedAt: null, ...(msg.turn ? this.turnFields(msg.turn) : {}),
    });
    if (msg.turn?.intent && !fact.topics.includes(msg.turn.intent)) fact.topics = [...fact.topics, msg.turn.intent];
    await m.insert(ConversationFactEntity, fact);
    if (msg.turn) await this.publish.publish(m, [fact]);
    await this.alerts.execute(m, fact);
    return fact;
  }

  private turnFields(t: TurnReading) {
    return { conversationId: t.conversationId, sentiment: t.sentiment, frustration: t.frustration, decisionStyle: t.decisionStyle, intent: t.intent };
  }

  private async segment(m: EntityManager, tenantId: string, pseudo: string, at: Date): Promise<'new' | 'returning'> {
    const [row]: { first_seen_at: Date }[] = await m.query(
      `INSERT INTO customer_activity (tenant_id, pseudonymous_customer_id, first_seen_at, last_chat_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (tenant_id, pseudonymous_customer_id) DO UPDATE
         SET first_seen_at = LEAST(customer_activity.first_seen_at, EXCLUDED.first_seen_at),
             last_chat_at = GREATEST(customer_activity.last_chat_at, EXCLUDED.last_chat_at)
       RETURNING first_seen_at`,
      [tenantId, pseudo, at],
    );
    return at.getTime() - new Date(row.first_seen_at).getTime() > RETURNING_AFTER_MS ? 'returning' : 'new';
  }

  private async knownProducts(m: EntityManager, tenantId: string): Promise<KnownProduct[]> {
    const cached = this.products.get(tenantId);
    if (cached && Date.now() - cached.at < 60_000) return cached.list;
    const list = (await m.find(KnownProductEntity, { where: { tenantId }, take: 2000 })).map((p) => ({ productId: p.productId, name: p.name }));
    this.products.set(tenantId, { at: Date.now(), list });
    return list;
  }
}
