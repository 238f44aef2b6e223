import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer, eventTenant, eventTime, eventUuid } from '@concierge/kafka';
import { RecordErasureUseCase } from '../use-cases/record-erasure/record-erasure.use-case';
import { RecordMergeUseCase } from '../use-cases/record-merge/record-merge.use-case';
import { RecordUnmergeUseCase } from '../use-cases/record-unmerge/record-unmerge.use-case';

/** Follows identity-graph's merges and erasures. */
@Injectable()
export class CustomerLifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly merge: RecordMergeUseCase,
    private readonly erasure: RecordErasureUseCase,
    private readonly unmerge: RecordUnmergeUseCase,
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
        this.erasure.execute(m, {
          tenantId: eventTenant(p.tenantId, a.tenantId),
          customerId: eventUuid(p.customerId, 'customer_id'),
          erasedAt: eventTime(p.erasedAt, a.time),
        }),
      );
  }
}
