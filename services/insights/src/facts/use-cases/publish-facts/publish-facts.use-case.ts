import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { CommonV1, Events, InsightsV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import type { InsightsEnv } from '../../../config/insights.env';
import { ConversationFactEntity } from '../../persistence/conversation-fact.entity';

/**
 * Writes facts to concierge.insights.conversation-fact.v1 through the outbox (key = pseudonymous
 * customer id, so one customer's facts stay in order); a sweeper publishes facts whose turn never came.
 */
@Injectable()
export class PublishFactsUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly rawTextTenants: Set<string>;
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: InsightsEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.rawTextTenants = new Set(config.INSIGHTS_RAW_TEXT_TENANTS.split(',').map((t) => t.trim()).filter(Boolean));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), Math.max(200, Math.min(1000, this.config.INSIGHTS_FACT_WAIT_MS / 2)));
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  toProto(f: ConversationFactEntity, publishedAt: Date): InsightsV1.ConversationFact {
    return {
      factId: f.factId, tenantId: f.tenantId, pseudonymousCustomerId: f.pseudonymousCustomerId, conversationId: f.conversationId,
      channelKind: f.channelKind as CommonV1.ChannelKind, topics: f.topics, barriers: f.barriers, keyPhrases: f.keyPhrases, sentiment: f.sentiment ?? 0,
      decisionStyle: f.decisionStyle, occurredAt: toTimestamp(f.occurredAt), inboundMessageId: f.inboundMessageId, subjects: f.subjects,
      productMentions: f.products, language: f.language, segment: f.segment, frustration: f.frustration ?? 0, intent: f.intent,
      text: this.rawTextTenants.has(f.tenantId) ? (f.quote ?? '') : '', classifiedBy: f.classifiedBy, publishedAt: toTimestamp(publishedAt),
    };
  }

  async publish(m: EntityManager, facts: ConversationFactEntity[]): Promise<void> {
    const now = new Date();
    for (const f of facts) {
      await this.outbox.add(m, { event: Events.conversationFact, payload: this.toProto(f, now), key: f.pseudonymousCustomerId || f.tenantId, tenantId: f.tenantId, eventId: f.factId });
    }
    if (facts.length) await m.update(ConversationFactEntity, facts.map((f) => f.factId), { publishedAt: now });
  }

  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      return await this.dataSource.transaction(async (m) => {
        const due = await m
          .createQueryBuilder(ConversationFactEntity, 'f')
          .where('f.published_at IS NULL AND f.created_at < :before', { before: new Date(Date.now() - this.config.INSIGHTS_FACT_WAIT_MS) })
          .orderBy('f.created_at')
          .limit(500)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        await this.publish(m, due);
        return due.length;
      });
    } catch (err) {
      this.logger.warn({ err }, 'publishing waiting facts failed; will retry');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
