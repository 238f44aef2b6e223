import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { CommerceCheckoutEnv } from '../../config/commerce-checkout.env';
import { DeliverySlotRepository } from '../../delivery/persistence/delivery-slot.repository';
import { LoyaltyLedger } from '../../loyalty/persistence/loyalty.ledger';
import { OrderEntity } from '../persistence/order.entity';
import { OrderLifecycleUseCase } from './order-lifecycle.use-case';

/**
 * Time-driven work, safe on many replicas (row locks with SKIP LOCKED): lapsed slot holds and
 * try-on reservations, expired points, due follow-ups, old idempotency keys.
 */
@Injectable()
export class SweepExpiredUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ledger: LoyaltyLedger,
    private readonly slots: DeliverySlotRepository,
    private readonly lifecycle: OrderLifecycleUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: CommerceCheckoutEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.execute().catch((err) => this.logger.error(`sweep failed: ${(err as Error).message}`)).finally(() => (this.running = undefined));
    }, this.config.SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async execute(): Promise<{ holds: number; reservations: number; lots: number; followUps: number }> {
    const holds = await this.dataSource.transaction((m) => this.slots.deleteExpiredHolds(m));
    const expired: { id: string; tenant_id: string }[] = await this.dataSource.query(
      `SELECT id, tenant_id FROM orders WHERE status = 'placed' AND fulfilment = 'try_on' AND reserved_until <= now() LIMIT 200`,
    );
    for (const o of expired) await this.lifecycle.transition(o.tenant_id, o.id, 'cancelled', 'try-on reservation expired').catch(() => undefined);
    const lots = await this.dataSource.transaction((m) => this.ledger.expireLots(m));
    const followUps = await this.dataSource.transaction(async (m) => {
      const due = await m.getRepository(OrderEntity)
        .createQueryBuilder('o')
        .where('o.follow_up_due_at <= now() AND o.follow_up_published_at IS NULL AND o.anonymized = false')
        .orderBy('o.follow_up_due_at')
        .limit(200)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const o of due) {
        await this.outbox.add(m, {
          event: Events.followUpDue,
          key: o.customerId,
          tenantId: o.tenantId,
          payload: {
            tenantId: o.tenantId, customerId: o.customerId, orderId: o.id, conversationId: o.conversationId, kind: 'first_use_check',
            lines: this.lifecycle.proto(o).lines, deliveredAt: o.deliveredAt ? toTimestamp(o.deliveredAt) : undefined, dueAt: toTimestamp(o.followUpDueAt!),
          },
        });
        await m.update(OrderEntity, { id: o.id }, { followUpPublishedAt: new Date() });
      }
      return due.length;
    });
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [this.config.IDEMPOTENCY_KEY_TTL_HOURS]);
    // Refunds whose provider call failed are retried here.
    const owed: { id: string; tenant_id: string; payment_id: string }[] = await this.dataSource.query(
      `SELECT id, tenant_id, payment_id FROM orders WHERE status IN ('refunded', 'cancelled') AND payment_status = 'succeeded' LIMIT 50`,
    );
    for (const o of owed) await this.lifecycle.retryRefund(o.id).catch(() => undefined);
    return { holds, reservations: expired.length, lots, followUps };
  }
}
