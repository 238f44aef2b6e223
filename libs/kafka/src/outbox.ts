import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { EventDescriptor } from '@concierge/contracts';
import { cloudEventHeaders, newEventId } from './cloud-events';

/**
 * LISTEN channel of the relay. The platform's own writers wake their relay in-process (see
 * `Outbox.onWritten`); a process that writes outbox rows by other means can `NOTIFY` this channel,
 * or leave them to the relay's polling.
 */
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

/** One outbox row, ready to be written (see `Outbox.row` and `outboxInsertFrom`). */
export interface OutboxRow {
  eventId: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * SQL that inserts one outbox row for each row `source` (a CTE or table name) yields, taking the
 * row's values from parameters $first…$first+4 (`outboxParams`), and returns the new ids. Lets a
 * hot path write its own row and its event in one statement: one round trip, atomic without a
 * BEGIN/COMMIT pair. Call `Outbox.written()` once the statement has returned.
 */
export function outboxInsertFrom(source: string, first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO outbox (event_id, topic, message_key, headers, payload)
    SELECT ${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}::jsonb, ${p(4)}::jsonb FROM ${source} RETURNING id`;
}

export function outboxParams(row: OutboxRow): unknown[] {
  return [row.eventId, row.topic, row.key, JSON.stringify(row.headers), JSON.stringify(row.payload)];
}

let outboxInstances = 0;

/**
 * Writes events into the outbox inside the caller's transaction and wakes the relay in this process
 * once that transaction has committed.
 *
 * Not NOTIFY: PostgreSQL serializes every committing transaction that has sent a NOTIFY on one
 * cluster-wide lock held through its WAL flush, so a NOTIFY per written event turned every
 * service's commits into a single queue behind the disk (seen as `Lock:object` waits at 200
 * messages/s in `npm run bench:ingress`). Each replica relays what it writes; polling covers the rest.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();
  private readonly attached = new WeakSet<DataSource>();
  /** Marks, on a TypeORM query runner, that its open transaction wrote rows through this outbox. */
  private readonly wroteKey = `conciergeOutboxWritten${++outboxInstances}`;

  constructor(
    private readonly source: string,
    private readonly topicPrefix = '',
  ) {}

  /** Calls `listener` whenever rows written through this outbox become visible (committed). */
  onWritten(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell the relay that committed rows are waiting (after a statement of your own, see `outboxInsertFrom`). */
  written(): void {
    for (const listener of this.listeners) listener();
  }

  /** Hooks the data source's commits (once) so that `add` inside a transaction signals after COMMIT, not before. */
  private attach(dataSource: DataSource): void {
    if (this.attached.has(dataSource)) return;
    this.attached.add(dataSource);
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (e: TransactionCommitEvent) => {
        // A nested transaction's RELEASE SAVEPOINT also lands here; only the outer COMMIT publishes.
        if (e.queryRunner.isTransactionActive || !e.queryRunner.data?.[this.wroteKey]) return;
        e.queryRunner.data[this.wroteKey] = false;
        this.written();
      },
      afterTransactionRollback: (e: TransactionRollbackEvent) => {
        if (!e.queryRunner.isTransactionActive && e.queryRunner.data) e.queryRunner.data[this.wroteKey] = false;
      },
    };
    dataSource.subscribers.push(subscriber);
  }

  /** The row `add` would write, for callers that write it in their own statement (`outboxInsertFrom`). */
  row<T>(e: OutboxEvent<T>): OutboxRow {
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
    return { eventId: id, topic: this.topicPrefix + e.event.topic, key: e.key, headers, payload: e.event.codec.toJSON(e.payload) };
  }

  async add<T>(manager: EntityManager, e: OutboxEvent<T>): Promise<string> {
    const row = this.row(e);
    this.attach(manager.connection);
    await manager.query(outboxInsertFrom('(SELECT 1) AS one', 1), outboxParams(row));
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) (runner.data ??= {})[this.wroteKey] = true;
    else this.written();
    return row.eventId;
  }
}
