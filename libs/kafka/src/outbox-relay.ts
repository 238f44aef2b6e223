import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { BatchingProducer } from './batching-producer';
import type { KafkaLogger } from './kafka-client';
import { OUTBOX_CHANNEL } from './outbox';

export interface OutboxRelayOptions {
  databaseUrl: string;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Published rows older than this are deleted. */
  retentionHours?: number;
}

interface Row {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * Publishes outbox rows in id order: woken by NOTIFY on commit, with polling as a fallback.
 * A crash between send and mark re-sends; consumers dedupe on ce_id.
 */
export class OutboxRelay {
  private listener: Client | undefined;
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastCleanup = 0;
  /** Set by `kick` (rows were committed: in-process signal or NOTIFY) until the next drain starts. */
  private dirty = true;
  published = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: BatchingProducer,
    private readonly logger: KafkaLogger,
    private readonly options: OutboxRelayOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.listener = new Client({ connectionString: this.options.databaseUrl, application_name: 'outbox-relay' });
    this.listener.on('notification', () => this.kick());
    this.listener.on('error', (err) => this.logger.warn({ err }, 'outbox listener connection error; polling continues'));
    await this.listener.connect();
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.loop = this.run();
  }

  kick(): void {
    this.dirty = true;
    this.wake?.();
  }

  /**
   * One drain per wake-up: kicks that arrive while a drain runs only mark the relay dirty, so a
   * burst of commits is published in the next batch instead of costing one empty re-poll (a
   * transaction with a SELECT) per event.
   */
  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      this.dirty = false;
      try {
        while ((await this.drainOnce()) >= batchSize && this.running);
        await this.cleanup();
      } catch (err) {
        this.logger.error({ err }, 'outbox relay failed to publish; will retry');
        await this.sleep(1000);
        continue;
      }
      if (!this.dirty && this.running) await this.sleep(this.options.pollIntervalMs ?? 1000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Publishes one batch; returns how many rows it sent. */
  async drainOnce(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: Row[] = await m.query(
        `SELECT id, topic, message_key, headers, payload FROM outbox
         WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 500],
      );
      if (!rows.length) return 0;
      await this.producer.sendAll(
        rows.map((r) => ({ topic: r.topic, key: r.message_key, headers: r.headers, value: JSON.stringify(r.payload) })),
      );
      await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      this.published += rows.length;
      return rows.length;
    });
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(
      `DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)`,
      [this.options.retentionHours ?? 24],
    );
  }

  /** Stops after publishing what is already committed. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.kick();
    await this.loop;
    try {
      while ((await this.drainOnce()) > 0);
    } catch (err) {
      this.logger.warn({ err }, 'outbox not fully drained at shutdown; the next start publishes the rest');
    }
    await this.listener?.end().catch(() => undefined);
  }
}
