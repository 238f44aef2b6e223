import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer, eventTenant, eventTime, eventUuid } from '@concierge/kafka';
import { EraseCustomerUseCase } from '../use-cases/erase-customer/erase-customer.use-case';
import { MergeCustomersUseCase } from '../use-cases/merge-customers/merge-customers.use-case';
import { UnmergeCustomerUseCase } from '../use-cases/unmerge-customer/unmerge-customer.use-case';

/** Follows identity-graph's merges and erasures. */
@Injectable()
export class CustomerLifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly merge: MergeCustomersUseCase,
    private readonly erase: EraseCustomerUseCase,
    private readonly unmerge: UnmergeCustomerUseCase,
  ) {}

  onModuleInit(): void {
    this.consumer
      .on(Events.customerMerged, ({ payload: p, attributes: a }, m) =>
        this.merge.execute(m, {
          tenantId: eventTenant(p.tenantId, a.tenantId),
          survivorCustomerId: eventUuid(p.survivorCustomerId, 'survivor_customer_id'),
          mergedCustomerId: eventUuid(p.mergedCustomerId, 'merged_customer_id'),
          mergedAt: eventTime(p.mergedAt, a.time),
        }),
      )
      .on(Events.customerUnmerged, ({ payload: p, attributes: a }, m) =>
        this.unmerge.execute(m, { tenantId: eventTenant(p.tenantId, a.tenantId), restoredCustomerId: eventUuid(p.restoredCustomerId, 'restored_customer_id') }),
      )
      .on(Events.customerErased, ({ payload: p, attributes: a }, m) =>
        this.erase.execute(m, {
          tenantId: eventTenant(p.tenantId, a.tenantId),
          customerId: eventUuid(p.customerId, 'customer_id'),
          erasedAt: eventTime(p.erasedAt, a.time),
        }),
      );
  }
}
