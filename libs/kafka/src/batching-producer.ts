import { CompressionTypes, Kafka, Message, Producer, TopicMessages } from 'kafkajs';

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

interface Pending {
  record: OutgoingRecord;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Collects records for a few milliseconds and sends them with one sendBatch, so a burst of
 * events costs one round trip instead of one awaited send per message.
 */
export class BatchingProducer {
  private readonly producer: Producer;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly options: { lingerMs?: number; maxBatch?: number } = {},
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Resolves once the broker acknowledged the record (acks=all). */
  send(record: OutgoingRecord): Promise<void> {
    return this.sendAll([record]);
  }

  sendAll(records: OutgoingRecord[]): Promise<void> {
    if (!this.connected) return Promise.reject(new Error('Kafka producer is not connected'));
    const done = records.map(
      (record) => new Promise<void>((resolve, reject) => this.pending.push({ record, resolve, reject })),
    );
    if (this.pending.length >= (this.options.maxBatch ?? 1000)) this.flushSoon(0);
    else this.flushSoon(this.options.lingerMs ?? 5);
    return Promise.all(done).then(() => undefined);
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.inFlight.then(() => this.flush());
    }, delay);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    const byTopic = new Map<string, Message[]>();
    for (const { record } of batch) {
      const list = byTopic.get(record.topic) ?? [];
      list.push({ key: record.key, value: record.value, headers: record.headers });
      byTopic.set(record.topic, list);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      await this.producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None });
      batch.forEach((p) => p.resolve());
    } catch (err) {
      batch.forEach((p) => p.reject(err));
    }
  }

  async disconnect(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.inFlight = this.inFlight.then(() => this.flush());
    }
    await this.inFlight;
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }
}
