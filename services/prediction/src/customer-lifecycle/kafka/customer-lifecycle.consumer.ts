import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { eventTenant, requireCustomerId } from '../../customers/domain/customer-ref';
import { occurredAt } from '../../customers/domain/event-time';
import { EraseCustomerUseCase } from '../use-cases/erase-customer/erase-customer.use-case';
import { MergeCustomersUseCase } from '../use-cases/merge-customers/merge-customers.use-case';

/** Follows identity-graph's merges and erasures. */
@Injectable()
export class CustomerLifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly merge: MergeCustomersUseCase,
    private readonly erase: EraseCustomerUseCase,
  ) {}

  onModuleInit(): void {
    this.consumer
      .on(Events.customerMerged, ({ payload: p, attributes: a }, m) =>
        this.merge.execute(m, {
          tenantId: eventTenant(p.tenantId, a.tenantId),
          survivorCustomerId: requireCustomerId(p.survivorCustomerId, 'survivor_customer_id'),
          mergedCustomerId: requireCustomerId(p.mergedCustomerId, 'merged_customer_id'),
          mergedAt: occurredAt(p.mergedAt, a.time),
        }),
      )
      .on(Events.customerErased, ({ payload: p, attributes: a }, m) =>
        this.erase.execute(m, {
          tenantId: eventTenant(p.tenantId, a.tenantId),
          customerId: requireCustomerId(p.customerId),
          erasedAt: occurredAt(p.erasedAt, a.time),
        }),
      );
  }
}
