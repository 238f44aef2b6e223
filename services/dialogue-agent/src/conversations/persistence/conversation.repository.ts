import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DialogueErrorCode, DialogueException } from '../domain/dialogue.exception';
import { Mode } from '../domain/conversation-mode';
import { ConversationEntity } from './conversation.entity';
import { DecisionEntity } from './decision.entity';
import { TurnEntity } from './turn.entity';

@Injectable()
export class ConversationRepository {
  constructor(readonly dataSource: DataSource) {}

  /** The customer's conversation, created on first contact and locked for this transaction. */
  async lockForCustomer(m: EntityManager, tenantId: string, customerId: string): Promise<ConversationEntity> {
    await m.query(
      `INSERT INTO conversations (tenant_id, customer_id, mode) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, customer_id) DO NOTHING`,
      [tenantId, customerId, Mode.CONVERSATION_MODE_AI],
    );
    return m
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.tenant_id = :tenantId AND c.customer_id = :customerId', { tenantId, customerId })
      .getOneOrFail();
  }

  async lockById(m: EntityManager, tenantId: string, id: string): Promise<ConversationEntity> {
    const c = await m
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.tenant_id = :tenantId AND c.id = :id', { tenantId, id })
      .getOne();
    if (!c) throw new DialogueException(DialogueErrorCode.ConversationNotFound, `conversation ${id} not found`);
    return c;
  }

  async save(m: EntityManager, c: ConversationEntity): Promise<ConversationEntity> {
    c.updatedAt = new Date();
    return m.save(ConversationEntity, c);
  }

  /** Undefined when this inbound message already has its turn (redelivery). */
  async addTurn(m: EntityManager, turn: Omit<TurnEntity, 'id' | 'createdAt'>): Promise<TurnEntity | undefined> {
    const result = await m.createQueryBuilder().insert().into(TurnEntity).values(turn).orIgnore().returning('*').execute();
    const row = result.raw[0];
    return row ? m.findOneByOrFail(TurnEntity, { id: row.id }) : undefined;
  }

  async addDecision(m: EntityManager, d: Omit<DecisionEntity, 'createdAt'>): Promise<void> {
    await m.insert(DecisionEntity, d as never);
  }

  async find(tenantId: string, q: { id?: string; customerId?: string }): Promise<ConversationEntity> {
    const where = q.id ? { tenantId, id: q.id } : { tenantId, customerId: q.customerId };
    const c = await this.dataSource.getRepository(ConversationEntity).findOne({ where });
    if (!c) throw new DialogueException(DialogueErrorCode.ConversationNotFound, 'conversation not found');
    return c;
  }

  turns(conversationId: string, limit = 100): Promise<TurnEntity[]> {
    return this.dataSource
      .getRepository(TurnEntity)
      .find({ where: { conversationId }, order: { createdAt: 'DESC' }, take: limit })
      .then((rows) => rows.reverse());
  }

  async addUsage(m: EntityManager, u: { tenantId: string; conversationId: string; promptTokens: number; completionTokens: number; costMicros: number; calls: number; fallback: boolean }): Promise<void> {
    if (!u.calls && !u.fallback) return;
    await m.query(
      `INSERT INTO llm_usage (conversation_id, tenant_id, prompt_tokens, completion_tokens, cost_micros, calls, fallbacks)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (conversation_id) DO UPDATE SET
         prompt_tokens = llm_usage.prompt_tokens + EXCLUDED.prompt_tokens,
         completion_tokens = llm_usage.completion_tokens + EXCLUDED.completion_tokens,
         cost_micros = llm_usage.cost_micros + EXCLUDED.cost_micros,
         calls = llm_usage.calls + EXCLUDED.calls,
         fallbacks = llm_usage.fallbacks + EXCLUDED.fallbacks,
         updated_at = now()`,
      [u.conversationId, u.tenantId, u.promptTokens, u.completionTokens, u.costMicros, u.calls, u.fallback ? 1 : 0],
    );
  }

  async usage(tenantId: string, conversationId?: string) {
    const [row] = await this.dataSource.query(
      `SELECT COALESCE(SUM(prompt_tokens),0)::text AS "promptTokens", COALESCE(SUM(completion_tokens),0)::text AS "completionTokens",
              COALESCE(SUM(cost_micros),0)::text AS "costMicros", COALESCE(SUM(calls),0)::text AS calls, COALESCE(SUM(fallbacks),0)::text AS fallbacks
       FROM llm_usage WHERE tenant_id = $1 AND ($2::uuid IS NULL OR conversation_id = $2::uuid)`,
      [tenantId, conversationId || null],
    );
    return row as { promptTokens: string; completionTokens: string; costMicros: string; calls: string; fallbacks: string };
  }

  /** Open conversations with no activity since `before` (optionally one tenant), oldest first. */
  idle(before: Date, tenantId: string | undefined, limit: number): Promise<ConversationEntity[]> {
    const qb = this.dataSource
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .where('c.mode <> :closed AND c.last_activity_at < :before', { closed: Mode.CONVERSATION_MODE_CLOSED, before })
      .orderBy('c.last_activity_at', 'ASC')
      .take(limit);
    if (tenantId) qb.andWhere('c.tenant_id = :tenantId', { tenantId });
    return qb.getMany();
  }

  decisions(conversationId: string): Promise<DecisionEntity[]> {
    return this.dataSource.getRepository(DecisionEntity).find({ where: { conversationId }, order: { createdAt: 'ASC' } });
  }

  list(tenantId: string, mode: string | undefined, limit: number, offset: number): Promise<ConversationEntity[]> {
    return this.dataSource.getRepository(ConversationEntity).find({
      where: mode ? { tenantId, mode } : { tenantId },
      order: { updatedAt: 'DESC' },
      take: limit,
      skip: offset,
    });
  }
}
