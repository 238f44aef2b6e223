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
    await m.insert(DecisionEntity, d);
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
