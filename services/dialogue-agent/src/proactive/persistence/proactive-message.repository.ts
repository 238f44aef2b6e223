import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ProactiveContext, ProactiveKind } from '../domain/proactive-message';
import { ProactiveMessageEntity } from './proactive-message.entity';

export interface ScheduleCommand {
  tenantId: string;
  customerId: string;
  kind: ProactiveKind;
  dedupeKey: string;
  sourceEventId: string;
  dueAt: Date;
  context: ProactiveContext;
}

@Injectable()
export class ProactiveMessageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Schedules once per dedupe key; a second event for the same fact (e.g. checkout's follow-up-due after
   * our own delivered-based schedule) can only bring a still-scheduled message forward. True when new.
   */
  async schedule(m: EntityManager, c: ScheduleCommand): Promise<boolean> {
    const rows: Array<{ inserted: boolean }> = await m.query(
      `INSERT INTO proactive_messages (id, tenant_id, customer_id, kind, dedupe_key, source_event_id, status, due_at, context)
       VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8)
       ON CONFLICT (tenant_id, dedupe_key) DO UPDATE
         SET due_at = LEAST(proactive_messages.due_at, EXCLUDED.due_at)
         WHERE proactive_messages.status = 'scheduled'
       RETURNING (xmax = 0) AS inserted`,
      [randomUUID(), c.tenantId, c.customerId, c.kind, c.dedupeKey, c.sourceEventId, c.dueAt, JSON.stringify(c.context)],
    );
    return rows[0]?.inserted === true;
  }

  /** Ids of messages due now, oldest first. */
  async dueIds(limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM proactive_messages WHERE status = 'scheduled' AND due_at <= now() ORDER BY due_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Locks one still-due message inside the caller's transaction (another replica skips it). */
  async lockDue(m: EntityManager, id: string): Promise<ProactiveMessageEntity | undefined> {
    const rows = await m
      .createQueryBuilder(ProactiveMessageEntity, 'p')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('p.id = :id AND p.status = :status AND p.due_at <= now()', { id, status: 'scheduled' })
      .getMany();
    return rows[0];
  }

  /** Right to erasure: the customer's proactive messages (names, texts) go, scheduled ones are never sent. */
  async eraseCustomer(m: EntityManager, tenantId: string, customerId: string): Promise<number> {
    const res = await m.delete(ProactiveMessageEntity, { tenantId, customerId });
    return res.affected ?? 0;
  }

  findForCustomer(tenantId: string, customerId: string): Promise<ProactiveMessageEntity[]> {
    return this.dataSource.getRepository(ProactiveMessageEntity).find({ where: { tenantId, customerId }, order: { createdAt: 'ASC' } });
  }
}
