import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import type { EventDescriptor } from '@concierge/contracts';
import { cloudEventHeaders } from '@concierge/kafka';

/** A kafkajs client on the run's broker that only logs errors. */
export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({ clientId, brokers: (process.env.KAFKA_BROKERS ?? '').split(','), logLevel: logLevel.ERROR });
}

/** Publishes events the way a Concierge service does (CloudEvents headers, proto3 JSON), for consumers under test. */
export class TestEventPublisher {
  private producer: Producer | undefined;

  constructor(private readonly topicPrefix: string) {}

  async publish<T>(event: EventDescriptor<T>, payload: T, o: { key: string; tenantId: string; eventId?: string; times?: number }): Promise<string> {
    this.producer ??= testKafka('test-publisher').producer();
    await this.producer.connect();
    const id = o.eventId ?? randomUUID();
    const message = {
      key: o.key,
      value: JSON.stringify(event.codec.toJSON(payload)),
      headers: cloudEventHeaders({ id, type: event.type, source: '/test', time: new Date().toISOString(), subject: o.key, tenantId: o.tenantId, correlationId: id }),
    };
    await this.producer.send({ topic: this.topicPrefix + event.topic, messages: Array.from({ length: o.times ?? 1 }, () => message) });
    return id;
  }

  /** A raw record, e.g. a poison one. */
  async publishRaw(topic: string, value: string, headers: Record<string, string>, key = 'k'): Promise<void> {
    this.producer ??= testKafka('test-publisher').producer();
    await this.producer.connect();
    await this.producer.send({ topic: this.topicPrefix + topic, messages: [{ key, value, headers }] });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
