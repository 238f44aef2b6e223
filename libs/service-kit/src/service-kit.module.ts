import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { z } from 'zod';
import { Registry, collectDefaultMetrics, Gauge } from 'prom-client';
import { BaseServiceEnv, parseEnv } from '@concierge/config';
import { ServiceProto } from '@concierge/contracts';
import { GrpcHealth } from '@concierge/grpc';
import { BatchingProducer, createKafka, IdempotentConsumer, Outbox, OutboxRelay } from '@concierge/kafka';
import { createServiceDataSource, openDataSource } from '@concierge/persistence';
import { HealthController } from './health.controller';
import { ServiceLifecycle } from './lifecycle';
import { registerMigrationTarget } from './migrate';
import { kafkaSecurityFromEnv } from './kafka-security';
import { createLogger } from './logger';
import { KAFKA, PINO_LOGGER, SERVICE_CONFIG, SERVICE_NAME } from './tokens';

export interface ServiceKitOptions<S extends z.ZodType<BaseServiceEnv>> {
  service: string;
  proto: ServiceProto;
  env: S;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Function[];
}

/**
 * Everything a Concierge service shares: config, logger, database with migrations, Kafka
 * producer / outbox relay / idempotent consumer, gRPC health, metrics, health endpoints.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot<S extends z.ZodType<BaseServiceEnv>>(options: ServiceKitOptions<S>): DynamicModule {
    registerMigrationTarget(options);
    const providers: Provider[] = [
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: SERVICE_CONFIG, useFactory: () => parseEnv(options.service, options.env) },
      {
        provide: PINO_LOGGER,
        inject: [SERVICE_CONFIG],
        useFactory: (c: BaseServiceEnv) => createLogger(options.service, c.LOG_LEVEL),
      },
      {
        provide: DataSource,
        inject: [SERVICE_CONFIG],
        useFactory: (c: BaseServiceEnv) =>
          openDataSource(
            createServiceDataSource({
              url: c.DATABASE_URL,
              service: options.service,
              entities: options.entities,
              migrations: options.migrations,
            }),
          ),
      },
      {
        provide: KAFKA,
        inject: [SERVICE_CONFIG, PINO_LOGGER],
        useFactory: (c: BaseServiceEnv, logger: Logger) =>
          createKafka({ clientId: c.KAFKA_CLIENT_ID ?? options.service, brokers: c.KAFKA_BROKERS, logger, ...kafkaSecurityFromEnv(options.service) }),
      },
      {
        provide: BatchingProducer,
        inject: [KAFKA],
        useFactory: async (kafka: Kafka) => {
          const producer = new BatchingProducer(kafka);
          await producer.connect();
          return producer;
        },
      },
      {
        provide: Outbox,
        inject: [SERVICE_CONFIG],
        useFactory: (c: BaseServiceEnv) => new Outbox(`/concierge/${options.service}`, c.KAFKA_TOPIC_PREFIX),
      },
      {
        provide: OutboxRelay,
        inject: [DataSource, BatchingProducer, PINO_LOGGER, SERVICE_CONFIG, Outbox],
        useFactory: (ds: DataSource, producer: BatchingProducer, logger: Logger, c: BaseServiceEnv, outbox: Outbox) => {
          const relay = new OutboxRelay(ds, producer, logger, { databaseUrl: c.DATABASE_URL });
          // What this process commits is published at once; polling picks up anything else.
          outbox.onWritten(() => relay.kick());
          return relay;
        },
      },
      {
        provide: IdempotentConsumer,
        inject: [KAFKA, DataSource, BatchingProducer, PINO_LOGGER, SERVICE_CONFIG],
        useFactory: (kafka: Kafka, ds: DataSource, producer: BatchingProducer, logger: Logger, c: BaseServiceEnv) =>
          new IdempotentConsumer(kafka, ds, producer, logger, {
            // The prefix namespaces the group too: two environments on one cluster must never share a group.
            groupId: c.KAFKA_GROUP_ID ?? `${c.KAFKA_TOPIC_PREFIX}${options.service}`,
            topicPrefix: c.KAFKA_TOPIC_PREFIX,
          }),
      },
      {
        provide: GrpcHealth,
        useFactory: () => new GrpcHealth([`${options.proto.package}.${options.proto.service}`]),
      },
      {
        provide: Registry,
        inject: [IdempotentConsumer, OutboxRelay],
        useFactory: (consumer: IdempotentConsumer, relay: OutboxRelay) => {
          const registry = new Registry();
          registry.setDefaultLabels({ service: options.service });
          collectDefaultMetrics({ register: registry });
          const consumed = new Gauge({
            name: 'concierge_events_consumed',
            help: 'Events handled by this service, by outcome',
            labelNames: ['outcome'],
            registers: [registry],
            collect() {
              this.set({ outcome: 'processed' }, consumer.stats.processed);
              this.set({ outcome: 'duplicate' }, consumer.stats.duplicates);
              this.set({ outcome: 'dead_lettered' }, consumer.stats.deadLettered);
            },
          });
          void consumed;
          new Gauge({
            name: 'concierge_outbox_published',
            help: 'Outbox events published since start',
            registers: [registry],
            collect() {
              this.set(relay.published);
            },
          });
          return registry;
        },
      },
      ServiceLifecycle,
    ];
    return {
      module: ServiceKitModule,
      controllers: [HealthController],
      providers,
      exports: providers,
    };
  }
}
