import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { CommonV1, dlqTopic, Events, IngressV1, toTimestamp, Topics } from '@concierge/contracts';
import { BatchingProducer, Outbox } from '@concierge/kafka';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import { ChannelRepository } from '../../../channels/persistence/channel.repository';
import type { ChannelIngressEnv } from '../../../config/channel-ingress.env';
import { InboundMessageRepository } from '../../../inbound/persistence/inbound-message.repository';
import { EmailAdapter } from '../../adapters/email.adapter';
import { MetaAdapter } from '../../adapters/meta.adapter';
import { PullAdapter } from '../../adapters/pull.adapter';
import { TelegramAdapter } from '../../adapters/telegram.adapter';
import { WidgetAdapter } from '../../adapters/widget.adapter';
import { retryDelayMs } from '../../domain/backoff';
import type { ChannelAdapter, SendOutcome } from '../../domain/channel-adapter';
import { DeliveryEntity } from '../../persistence/delivery.entity';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { PollLoop } from '../../../workers/poll-loop';

const Kind = CommonV1.ChannelKind;
const Status = IngressV1.DeliveryStatus;
const BATCH = 20;

/**
 * Sends queued deliveries: one attempt each, then SENT, a later retry (exponential backoff or the
 * provider's retry_after), or FAILED — with retries exhausted the reply also goes to the reply-ready DLQ.
 * Every outcome is recorded and published as delivery-updated in the same transaction.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly adapters: Record<string, ChannelAdapter>;
  private readonly loop: PollLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly channels: ChannelRepository,
    private readonly inbound: InboundMessageRepository,
    private readonly outbox: Outbox,
    private readonly producer: BatchingProducer,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelIngressEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    telegram: TelegramAdapter,
    widget: WidgetAdapter,
    meta: MetaAdapter,
    email: EmailAdapter,
    pull: PullAdapter,
  ) {
    this.adapters = {
      [Kind.CHANNEL_KIND_TELEGRAM]: telegram,
      [Kind.CHANNEL_KIND_WIDGET]: widget,
      [Kind.CHANNEL_KIND_WHATSAPP]: meta,
      [Kind.CHANNEL_KIND_MESSENGER]: meta,
      [Kind.CHANNEL_KIND_INSTAGRAM]: meta,
      [Kind.CHANNEL_KIND_EMAIL]: email,
      [Kind.CHANNEL_KIND_VOICE]: pull,
      [Kind.CHANNEL_KIND_API]: pull,
    };
    this.loop = new PollLoop(
      async () => ({ more: (await this.runOnce()) >= BATCH }),
      config.DELIVERY_POLL_MS,
      (err) => this.logger.error({ err }, 'delivery worker pass failed'),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Before the data source closes (ServiceLifecycle closes it on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Called after a delivery is queued; the queueing transaction commits first, hence the short delay. */
  kickSoon(): void {
    this.loop.kickSoon(30);
  }

  /** One pass; returns how many deliveries it attempted. Exposed for tests and the benchmark. */
  async runOnce(): Promise<number> {
    const due = await this.deliveries.leaseDue(String(Status.DELIVERY_STATUS_QUEUED), BATCH, this.config.OUTBOUND_TIMEOUT_MS + 5000);
    await Promise.all(due.map((d) => this.attempt(d).catch((err: unknown) => this.logger.error({ err, deliveryId: d.id }, 'delivery attempt crashed; will retry after the lease'))));
    return due.length;
  }

  private async attempt(d: DeliveryEntity): Promise<void> {
    const channel = await this.channels.findById(d.channelId);
    const adapter = this.adapters[d.channelKind];
    const attempts = d.attempts + 1;
    let outcome: SendOutcome;
    if (!channel || !adapter) outcome = { ok: false, retryable: false, error: `channel ${d.channelId} no longer exists` };
    else if (!channel.enabled) outcome = { ok: false, retryable: false, error: `channel ${d.channelId} is disabled` };
    else
      outcome = await adapter.send(channel, this.channels.secrets(channel), {
        deliveryId: d.id,
        recipient: d.recipient,
        text: d.text,
        quickReplies: d.quickReplies,
        attachments: d.attachments ?? [],
        context: d.context ?? {},
        lastInboundAt: await this.inbound.lastFrom(d.channelId, d.recipient),
      });
    if (!outcome.ok && outcome.retryable && attempts < this.config.OUTBOUND_MAX_ATTEMPTS) {
      const delay = retryDelayMs(attempts, this.config.OUTBOUND_BACKOFF_BASE_MS, this.config.OUTBOUND_BACKOFF_MAX_MS, outcome.retryAfterMs);
      this.logger.warn({ deliveryId: d.id, channelId: d.channelId, attempts, delayMs: delay, error: outcome.error }, 'delivery failed; retrying');
      await this.dataSource.transaction((m) =>
        this.deliveries.update(m, d.id, { attempts, lastError: outcome.ok ? '' : outcome.error, nextAttemptAt: new Date(Date.now() + delay) }),
      );
      return;
    }
    const status = outcome.ok ? Status.DELIVERY_STATUS_SENT : Status.DELIVERY_STATUS_FAILED;
    const error = outcome.ok ? '' : outcome.error;
    const externalId = outcome.ok ? outcome.externalId : '';
    const deadLetter = !outcome.ok;
    await this.dataSource.transaction(async (m) => {
      await this.deliveries.update(m, d.id, { status: String(status), attempts, lastError: error, externalId, ...(deadLetter ? { deadLetteredAt: new Date() } : {}) });
      await this.outbox.add(m, {
        event: Events.deliveryUpdated,
        key: d.customerId,
        tenantId: d.tenantId,
        payload: {
          deliveryId: d.id,
          tenantId: d.tenantId,
          channelId: d.channelId,
          channelKind: d.channelKind as CommonV1.ChannelKind,
          customerId: d.customerId,
          replyId: d.replyId,
          status,
          error,
          attempts,
          updatedAt: toTimestamp(new Date()),
          externalId,
        },
      });
    });
    if (deadLetter) await this.deadLetter(d, error, attempts);
  }

  /** The undeliverable reply, parked on the reply-ready DLQ with the reason, for an operator to replay. */
  private async deadLetter(d: DeliveryEntity, reason: string, attempts: number): Promise<void> {
    this.logger.error({ deliveryId: d.id, replyId: d.replyId, channelId: d.channelId, attempts, reason }, 'delivery failed for good; sent to the DLQ');
    await this.producer
      .send({
        topic: dlqTopic(this.config.KAFKA_TOPIC_PREFIX + Topics.dialogueReplyReady),
        key: d.customerId,
        value: JSON.stringify({ replyId: d.replyId, tenantId: d.tenantId, customerId: d.customerId, channelId: d.channelId, text: d.text, quickReplies: d.quickReplies, attachments: d.attachments }),
        headers: {
          'content-type': 'application/json',
          tenant_id: d.tenantId,
          dlq_reason: reason.slice(0, 1000),
          dlq_delivery_id: d.id,
          dlq_attempts: String(attempts),
          dlq_failed_at: new Date().toISOString(),
        },
      })
      .catch((err: unknown) => this.logger.error({ err, deliveryId: d.id }, 'could not write the DLQ record; the delivery stays FAILED in the database'));
  }
}
