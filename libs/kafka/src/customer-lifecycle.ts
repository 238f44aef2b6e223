import type { EntityManager } from 'typeorm';
import { Events } from '@concierge/contracts';
import { eventTenant, eventTime, eventUuid } from './event-fields';
import type { IdempotentConsumer } from './idempotent-consumer';

export interface CustomerMergedCommand {
  tenantId: string;
  survivorCustomerId: string;
  mergedCustomerId: string;
  mergedAt: Date;
}
export interface CustomerUnmergedCommand {
  tenantId: string;
  restoredCustomerId: string;
}
export interface CustomerErasedCommand {
  tenantId: string;
  customerId: string;
  erasedAt: Date;
}

/** What a service does when identity-graph merges, unmerges or erases a customer (each in the consumer's transaction). */
export interface CustomerLifecycleHandlers {
  merged(m: EntityManager, cmd: CustomerMergedCommand): Promise<void>;
  unmerged(m: EntityManager, cmd: CustomerUnmergedCommand): Promise<void>;
  erased(m: EntityManager, cmd: CustomerErasedCommand): Promise<void>;
}

/** Subscribes to identity-graph's customer lifecycle topics, checking each event's fields once for every service. */
export function followCustomerLifecycle(consumer: IdempotentConsumer, handlers: CustomerLifecycleHandlers): IdempotentConsumer {
  return consumer
    .on(Events.customerMerged, ({ payload: p, attributes: a }, m) =>
      handlers.merged(m, {
        tenantId: eventTenant(p.tenantId, a.tenantId),
        survivorCustomerId: eventUuid(p.survivorCustomerId, 'survivor_customer_id'),
        mergedCustomerId: eventUuid(p.mergedCustomerId, 'merged_customer_id'),
        mergedAt: eventTime(p.mergedAt, a.time),
      }),
    )
    .on(Events.customerUnmerged, ({ payload: p, attributes: a }, m) =>
      handlers.unmerged(m, { tenantId: eventTenant(p.tenantId, a.tenantId), restoredCustomerId: eventUuid(p.restoredCustomerId, 'restored_customer_id') }),
    )
    .on(Events.customerErased, ({ payload: p, attributes: a }, m) =>
      handlers.erased(m, {
        tenantId: eventTenant(p.tenantId, a.tenantId),
        customerId: eventUuid(p.customerId, 'customer_id'),
        erasedAt: eventTime(p.erasedAt, a.time),
      }),
    );
}
