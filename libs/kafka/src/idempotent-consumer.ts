import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainException, dlqTopic, EventDescriptor } from '@concierge/contracts';
import type { BatchingProducer } from './batching-producer';
import { CloudEventAttributes, readCloudEvent } from './cloud-events';
import type { KafkaLogger } from './kafka-client';

export interface ConsumedEvent<T> {
  payload: T;
  attributes: CloudEventAttributes;
  topic: string;
  partition: number;
  offset: string;
  key: string;
}

/** Runs inside the transaction that records the event id: state changes and dedupe commit together. */
export type EventHandler<T> = (event: ConsumedEvent<T>, manager: EntityManager) => Promise<void>;

export interface IdempotentConsumerOptions {
  groupId: string;
  /** Prepended to every topic name (deployment namespace). */
  topicPrefix?: string;
  maxAttempts?: number;
  retryBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
}

/** A record that can never be processed: goes straight to the DLQ. */
export class PoisonRecordError extends Error {}

export interface ConsumerStats {
  processed: number;
  duplicates: number;
  deadLettered: number;
}

/**
 * Consumes topics with at-least-once delivery made effectively-once by a processed-event
 * table; retries with backoff, then parks the record in `<topic>.dlq` and moves on.
 */
export class IdempotentConsumer {
  private readonly handlers = new Map<string, { event: EventDescriptor<unknown>; handler: EventHandler<unknown> }>();
  private consumer: Consumer | undefined;
  readonly stats: ConsumerStats = { processed: 0, duplicates: 0, deadLettered: 0 };

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly dlqProducer: BatchingProducer,
    private readonly logger: KafkaLogger,
    private readonly options: IdempotentConsumerOptions,
  ) {}

  on<T>(event: EventDescriptor<T>, handler: EventHandler<T>): this {
    this.handlers.set((this.options.topicPrefix ?? '') + event.topic, {
      event: event as EventDescriptor<unknown>,
      handler: handler as EventHandler<unknown>,
    });
    return this;
  }

  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  async start(): Promise<void> {
    if (!this.handlers.size) return;
    this.consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: true,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: async ({ topic, partition, message }) => this.handle(topic, partition, message),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async handle(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const entry = this.handlers.get(topic)!;
    let event: ConsumedEvent<unknown>;
    try {
      event = this.decode(entry.event, topic, partition, message);
    } catch (err) {
      return this.deadLetter(topic, partition, message, err);
    }
    const attempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyOnce(event, entry.handler);
        return;
      } catch (err) {
        const permanent =
          err instanceof PoisonRecordError || (err instanceof DomainException && err.kind === 'invalid');
        if (permanent || attempt >= attempts) return this.deadLetter(topic, partition, message, err);
        this.logger.warn({ err, topic, offset: message.offset, attempt }, 'event handler failed; retrying');
        await new Promise((r) => setTimeout(r, (this.options.retryBackoffMs ?? 200) * 2 ** (attempt - 1)));
      }
    }
  }

  private decode(
    descriptor: EventDescriptor<unknown>,
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): ConsumedEvent<unknown> {
    const attributes = readCloudEvent(message.headers);
    if (!message.value) throw new PoisonRecordError('empty record value');
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString('utf8'));
    } catch {
      throw new PoisonRecordError('record value is not valid JSON');
    }
    if (!json || typeof json !== 'object' || Array.isArray(json))
      throw new PoisonRecordError('record value is not a JSON object');
    return {
      payload: descriptor.codec.fromJSON(json),
      attributes,
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? '',
    };
  }

  private async applyOnce(event: ConsumedEvent<unknown>, handler: EventHandler<unknown>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO processed_events (consumer_group, event_id, topic) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.groupId, event.attributes.id, event.topic],
      );
      if (!inserted.length) {
        this.stats.duplicates++;
        return;
      }
      await handler(event, m);
      this.stats.processed++;
    });
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, err: unknown): Promise<void> {
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.error({ topic, partition, offset: message.offset, reason }, 'record sent to DLQ');
    await this.dlqProducer.send({
      topic: dlqTopic(topic),
      key: message.key?.toString('utf8') ?? '',
      value: message.value?.toString('utf8') ?? '',
      headers: {
        ...stringHeaders(message.headers),
        dlq_reason: reason.slice(0, 1000),
        dlq_original_topic: topic,
        dlq_partition: String(partition),
        dlq_offset: message.offset,
        dlq_consumer_group: this.options.groupId,
        dlq_failed_at: new Date().toISOString(),
      },
    });
    this.stats.deadLettered++;
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
