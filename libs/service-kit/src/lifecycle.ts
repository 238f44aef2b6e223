import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BaseServiceEnv } from '@concierge/config';
import { Topics } from '@concierge/contracts';
import { GrpcHealth } from '@concierge/grpc';
import { BatchingProducer, ensureTopics, IdempotentConsumer, OutboxRelay } from '@concierge/kafka';
import { KAFKA, PINO_LOGGER, SERVICE_CONFIG } from './tokens';

/** Starts messaging after the modules are wired, and on SIGTERM: NOT_SERVING, stop consuming, drain, close. */
@Injectable()
export class ServiceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private ready = false;
  private readonly admin;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly producer: BatchingProducer,
    private readonly relay: OutboxRelay,
    private readonly consumer: IdempotentConsumer,
    private readonly health: GrpcHealth,
  ) {
    this.admin = kafka.admin();
  }

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    await ensureTopics(this.kafka, Object.values(Topics).map((t) => prefix + t), {
      partitions: this.config.KAFKA_TOPIC_PARTITIONS,
      withDlq: true,
    });
    await this.admin.connect();
    await this.relay.start();
    await this.consumer.start();
  }

  /** Called once the gRPC and HTTP servers listen. */
  markReady(): void {
    this.ready = true;
    this.health.setServing(true);
  }

  get isReady(): boolean {
    return this.ready;
  }

  async checkDependencies(): Promise<Record<string, string>> {
    const checks: Record<string, string> = {};
    await Promise.all([
      this.dataSource
        .query('SELECT 1')
        .then(() => (checks.database = 'ok'))
        .catch((e: Error) => (checks.database = e.message)),
      withTimeout(this.admin.describeCluster(), 2000)
        .then(() => (checks.kafka = 'ok'))
        .catch((e: Error) => (checks.kafka = e.message)),
    ]);
    return checks;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.info({ signal }, 'shutting down: not serving, stopping consumers, draining outbox');
    this.ready = false;
    this.health.setServing(false);
    await this.consumer.stop().catch((err) => this.logger.warn({ err }, 'consumer stop failed'));
    await this.relay.stop().catch((err) => this.logger.warn({ err }, 'outbox relay stop failed'));
    await this.producer.disconnect().catch((err) => this.logger.warn({ err }, 'producer disconnect failed'));
    await this.admin.disconnect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.info('stopped');
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))]);
}
