import type { EntityManager } from 'typeorm';
import type { EventDescriptor } from '@concierge/contracts';
import { OutboxRecordEntity } from '@concierge/persistence';
import { cloudEventHeaders, newEventId } from './cloud-events';

export const OUTBOX_CHANNEL = 'concierge_outbox';

export interface OutboxEvent<T> {
  event: EventDescriptor<T>;
  payload: T;
  /** Kafka key: the customer id (order id for order-only events). */
  key: string;
  tenantId: string;
  /** ce_subject; defaults to the key. */
  subject?: string;
  correlationId?: string;
  /** ce_id; pass a deterministic one to make the write itself idempotent. */
  eventId?: string;
}

/**
 * Writes events into the outbox inside the caller's transaction; NOTIFY wakes the relay on commit.
 */
export class Outbox {
  constructor(
    private readonly source: string,
    private readonly topicPrefix = '',
  ) {}

  async add<T>(manager: EntityManager, e: OutboxEvent<T>): Promise<string> {
    const id = e.eventId ?? newEventId();
    const headers = cloudEventHeaders({
      id,
      type: e.event.type,
      source: this.source,
      time: new Date().toISOString(),
      subject: e.subject ?? e.key,
      tenantId: e.tenantId,
      correlationId: e.correlationId ?? id,
    });
    await manager.insert(OutboxRecordEntity, {
      eventId: id,
      topic: this.topicPrefix + e.event.topic,
      key: e.key,
      headers,
      payload: e.event.codec.toJSON(e.payload) as object,
    });
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return id;
  }
}
