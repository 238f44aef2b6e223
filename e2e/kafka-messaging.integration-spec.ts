import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { CommonV1, DomainException, Events, IngressV1 } from '@concierge/contracts';
import { createServiceDataSource, openDataSource } from '@concierge/persistence';
import { eventually, readTopic, testDatabaseUrl, TestEventPublisher, testKafka, testTopicPrefix } from '@concierge/testing';
import { BatchingProducer, cloudEventHeaders, createKafka, ensureTopics, IdempotentConsumer, KafkaLogger, Outbox, OutboxRelay } from '@concierge/kafka';

// The real broker and Postgres from the Jest globalSetup; no Nest app.

interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'debug';
  obj: object;
  msg: string;
}

/** Console-ish logger that keeps what it was told, and prints it when KAFKA_TEST_LOG is set. */
function recordingLogger(): KafkaLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (obj: object, msg: string) => {
    entries.push({ level, obj, msg });
    if (process.env.KAFKA_TEST_LOG) console.log(level, msg, obj);
  };
  return { entries, info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
}

const message = (messageId: string, customerId: string): IngressV1.MessageReceived => ({
  message: {
    ...IngressV1.InboundMessage.fromJSON({}),
    messageId,
    tenantId: 'acme',
    channelId: 'acme-telegram',
    channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM,
    customerId,
    externalUserId: '42',
    externalMessageId: messageId,
    text: `text of ${messageId}`,
    attachments: [],
    locale: 'en',
    sentAt: undefined,
    receivedAt: undefined,
    affectHints: undefined,
    conversationRef: '',
  },
});

const delivery = (deliveryId: string): IngressV1.DeliveryUpdated => ({
  ...IngressV1.DeliveryUpdated.fromJSON({}),
  deliveryId,
  tenantId: 'acme',
  channelId: 'acme-telegram',
  channelKind: CommonV1.ChannelKind.CHANNEL_KIND_TELEGRAM,
  customerId: 'customer-1',
  replyId: `reply-${deliveryId}`,
  status: IngressV1.DeliveryStatus.DELIVERY_STATUS_SENT,
  error: '',
  attempts: 1,
  updatedAt: undefined,
});

describe('kafka library against the real broker and Postgres', () => {
  const prefix = testTopicPrefix('kafka-lib');
  const relayTopic = prefix + Events.messageReceived.topic;
  const consumerTopic = prefix + Events.deliveryUpdated.topic;
  const logger = recordingLogger();
  let databaseUrl: string;
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: BatchingProducer;

  beforeAll(async () => {
    databaseUrl = await testDatabaseUrl('kafka_lib');
    dataSource = await openDataSource(createServiceDataSource({ url: databaseUrl, service: 'kafka-lib-test', entities: [], migrations: [] }));
    kafka = createKafka({ clientId: 'kafka-lib-test', brokers: process.env.KAFKA_BROKERS ?? '', logger });
    // One partition per topic, so the order the test sees is the order of the whole topic.
    await ensureTopics(kafka, [relayTopic, consumerTopic], { partitions: 1, withDlq: true });
    producer = new BatchingProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dataSource?.destroy();
    const admin = testKafka('kafka-lib-cleanup').admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [relayTopic, consumerTopic, `${relayTopic}.dlq`, `${consumerTopic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  });

  describe('Outbox + OutboxRelay + BatchingProducer', () => {
    const outbox = new Outbox('/concierge/kafka-lib-test', prefix);
    let relay: OutboxRelay;

    beforeAll(async () => {
      relay = new OutboxRelay(dataSource, producer, logger, { databaseUrl, pollIntervalMs: 250 });
      outbox.onWritten(() => relay.kick());
      await relay.start();
    });

    afterAll(async () => {
      await relay?.stop();
    });

    it('publishes committed rows in commit order with CloudEvents headers, and never a rolled-back one', async () => {
      const customer = randomUUID();
      const add = (messageId: string) =>
        dataSource.transaction((m) => outbox.add(m, { event: Events.messageReceived, payload: message(messageId, customer), key: customer, tenantId: 'acme', correlationId: 'corr-1' }));

      const ids: Record<string, string> = {};
      ids['m-1'] = await add('m-1');
      ids['m-2'] = await add('m-2');
      // A transaction that wrote its event and then failed.
      await expect(
        dataSource.transaction(async (m) => {
          await outbox.add(m, { event: Events.messageReceived, payload: message('m-rolled-back', customer), key: customer, tenantId: 'acme' });
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');
      // Two events of one transaction.
      await dataSource.transaction(async (m) => {
        ids['m-3'] = await outbox.add(m, { event: Events.messageReceived, payload: message('m-3', customer), key: customer, tenantId: 'acme', correlationId: 'corr-1' });
        ids['m-4'] = await outbox.add(m, { event: Events.messageReceived, payload: message('m-4', customer), key: customer, tenantId: 'acme', correlationId: 'corr-1' });
      });
      ids['m-5'] = await add('m-5');

      const records = await readTopic(relayTopic, (r) => r.some((x) => x.headers.ce_id === ids['m-5']), 30_000);
      const published = records.map((r) => Events.messageReceived.codec.fromJSON(JSON.parse(r.value)).message?.messageId);
      expect(published).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);

      const first = records[0];
      expect(first.key).toBe(customer);
      expect(first.headers).toEqual({
        ce_specversion: '1.0',
        ce_id: ids['m-1'],
        ce_type: 'concierge.ingress.v1.MessageReceived',
        ce_source: '/concierge/kafka-lib-test',
        ce_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        ce_subject: customer,
        'content-type': 'application/json',
        tenant_id: 'acme',
        correlation_id: 'corr-1',
      });
      expect(JSON.parse(first.value)).toEqual(Events.messageReceived.codec.toJSON(message('m-1', customer)));
      expect(new Set(records.map((r) => r.headers.ce_id)).size).toBe(records.length);

      // Every committed row is marked published; the rolled-back one never existed.
      const rows: { payload: { message: { messageId: string } }; published_at: Date | null }[] = await dataSource.query(
        `SELECT payload, published_at FROM outbox ORDER BY id`,
      );
      expect(rows.map((r) => r.payload.message.messageId)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
      await eventually(async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n === 0, 'all rows marked published');
      expect(await relay.drainOnce()).toBe(0);
    });

    it('uses the ce_id the caller chose, and refuses to write the same one twice', async () => {
      const eventId = randomUUID();
      const customer = randomUUID();
      const write = () =>
        dataSource.transaction((m) => outbox.add(m, { event: Events.messageReceived, payload: message('m-chosen', customer), key: customer, tenantId: 'acme', eventId }));
      await expect(write()).resolves.toBe(eventId);
      await expect(write()).rejects.toThrow(/UQ_outbox_event_id|duplicate key/);
      const records = await readTopic(relayTopic, (r) => r.some((x) => x.headers.ce_id === eventId), 30_000);
      expect(records.filter((r) => r.headers.ce_id === eventId)).toHaveLength(1);
      expect(records.find((r) => r.headers.ce_id === eventId)?.headers.correlation_id).toBe(eventId);
    });
  });

  describe('OutboxRelay wake-up', () => {
    // Polling every 10 minutes: anything published within the test was woken by the commit itself.
    const outbox = new Outbox('/concierge/kafka-lib-test', prefix);
    let relay: OutboxRelay;

    beforeAll(async () => {
      relay = new OutboxRelay(dataSource, producer, logger, { databaseUrl, pollIntervalMs: 600_000 });
      outbox.onWritten(() => relay.kick());
      await relay.start();
      await eventually(async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n === 0, 'relay idle');
    });

    afterAll(async () => {
      await relay?.stop();
    });

    it('publishes as soon as the writing transaction commits, without NOTIFY or polling', async () => {
      const customer = randomUUID();
      let seenBeforeCommit = -1;
      const eventId = await dataSource.transaction(async (m) => {
        const id = await outbox.add(m, { event: Events.messageReceived, payload: message('m-woken', customer), key: customer, tenantId: 'acme' });
        // Give a (wrong) early wake-up every chance to run before COMMIT.
        await new Promise((r) => setTimeout(r, 200));
        seenBeforeCommit = relay.published;
        return id;
      });
      const records = await readTopic(relayTopic, (r) => r.some((x) => x.headers.ce_id === eventId), 20_000);
      expect(records.filter((r) => r.headers.ce_id === eventId)).toHaveLength(1);
      expect(relay.published).toBe(seenBeforeCommit + 1);
    });
  });

  describe('IdempotentConsumer', () => {
    const groupId = `kafka-lib-test-${randomUUID()}`;
    const publisher = new TestEventPublisher(prefix);
    const calls = new Map<string, number>();
    let consumer: IdempotentConsumer;

    const applied = async (deliveryId: string): Promise<number> =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM applied_deliveries WHERE delivery_id = $1`, [deliveryId]))[0].n;
    const publish = (deliveryId: string, o: { eventId?: string; times?: number } = {}) =>
      publisher.publish(Events.deliveryUpdated, delivery(deliveryId), { key: 'customer-1', tenantId: 'acme', ...o });
    const headersFor = (id: string) =>
      cloudEventHeaders({ id, type: Events.deliveryUpdated.type, source: '/test', time: new Date().toISOString(), subject: 'customer-1', tenantId: 'acme', correlationId: id });

    beforeAll(async () => {
      await dataSource.query(`CREATE TABLE applied_deliveries (event_id text NOT NULL, delivery_id text NOT NULL)`);
      consumer = new IdempotentConsumer(kafka, dataSource, producer, logger, { groupId, topicPrefix: prefix, maxAttempts: 3, retryBackoffMs: 20 });
      consumer.on(Events.deliveryUpdated, async (event, manager) => {
        const id = event.payload.deliveryId;
        const attempt = (calls.get(id) ?? 0) + 1;
        calls.set(id, attempt);
        // Written before failing: a failed attempt's writes must roll back with it.
        await manager.query(`INSERT INTO applied_deliveries (event_id, delivery_id) VALUES ($1, $2)`, [event.attributes.id, id]);
        if (id.startsWith('flaky') && attempt === 1) throw new Error('database hiccup');
        if (id.startsWith('always-fails')) throw new Error('downstream is down');
        if (id.startsWith('invalid')) throw new DomainException('invalid', 'BAD_DELIVERY', 'delivery cannot be applied');
      });
      expect(consumer.topics).toEqual([consumerTopic]);
      await consumer.start();
    });

    afterAll(async () => {
      await consumer?.stop();
      await publisher.close();
    });

    it('applies an event once when it is delivered twice', async () => {
      const eventId = await publish('dup-1', { times: 2 });
      await publish('after-dup-1');
      await eventually(async () => (await applied('after-dup-1')) === 1, 'the event after the duplicates applied', 60_000);
      expect(await applied('dup-1')).toBe(1);
      expect(calls.get('dup-1')).toBe(1);
      expect(consumer.stats.duplicates).toBeGreaterThanOrEqual(1);
      const processed = await dataSource.query(`SELECT topic FROM processed_events WHERE consumer_group = $1 AND event_id = $2`, [groupId, eventId]);
      expect(processed).toEqual([{ topic: consumerTopic }]);
    });

    it('retries a handler that fails once, keeping only the successful attempt', async () => {
      await publish('flaky-1');
      await eventually(async () => (await applied('flaky-1')) === 1, 'flaky event applied', 30_000);
      expect(calls.get('flaky-1')).toBe(2);
      expect(logger.entries.some((e) => e.level === 'warn' && e.msg === 'event handler failed; retrying')).toBe(true);
    });

    it('sends poison records to <topic>.dlq with dlq_reason and goes on with the next record', async () => {
      const before = consumer.stats.deadLettered;
      const badJsonId = randomUUID();
      await publisher.publishRaw(Events.deliveryUpdated.topic, '{"deliveryId": "unterminated', headersFor(badJsonId), 'poison-json');
      const { ce_id: _dropped, ...noId } = headersFor(randomUUID());
      void _dropped;
      await publisher.publishRaw(Events.deliveryUpdated.topic, JSON.stringify(Events.deliveryUpdated.codec.toJSON(delivery('no-ce-id'))), noId, 'poison-no-id');
      await publish('after-poison');

      await eventually(async () => (await applied('after-poison')) === 1, 'the record after the poison ones applied', 30_000);
      expect(calls.has('no-ce-id')).toBe(false);
      expect(await applied('no-ce-id')).toBe(0);

      const dlq = await readTopic(`${consumerTopic}.dlq`, (r) => r.some((x) => x.key === 'poison-json') && r.some((x) => x.key === 'poison-no-id'), 30_000);
      const json = dlq.find((r) => r.key === 'poison-json')!;
      expect(json.value).toBe('{"deliveryId": "unterminated');
      expect(json.headers).toMatchObject({
        dlq_reason: 'record value is not valid JSON',
        dlq_original_topic: consumerTopic,
        dlq_partition: '0',
        dlq_consumer_group: groupId,
        ce_id: badJsonId,
      });
      expect(json.headers.dlq_offset).toMatch(/^\d+$/);
      const noCeId = dlq.find((r) => r.key === 'poison-no-id')!;
      expect(noCeId.headers.dlq_reason).toBe('missing header ce_id');
      expect(JSON.parse(noCeId.value)).toMatchObject({ deliveryId: 'no-ce-id' });
      expect(consumer.stats.deadLettered - before).toBeGreaterThanOrEqual(2);
    });

    it('dead-letters a handler that keeps failing after maxAttempts, and an invalid one at once', async () => {
      await publish('always-fails-1');
      await publish('invalid-1');
      await publish('after-failures');
      await eventually(async () => (await applied('after-failures')) === 1, 'the record after the failing ones applied', 30_000);
      expect(calls.get('always-fails-1')).toBe(3);
      expect(calls.get('invalid-1')).toBe(1);
      expect(await applied('always-fails-1')).toBe(0);
      expect(await applied('invalid-1')).toBe(0);
      const dlq = await readTopic(`${consumerTopic}.dlq`, (r) => r.some((x) => x.headers.dlq_reason === 'delivery cannot be applied'), 30_000);
      expect(dlq.map((r) => r.headers.dlq_reason)).toEqual(expect.arrayContaining(['downstream is down', 'delivery cannot be applied']));
    });
  });
});
