import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { eventTenant, occurredAt, requireCustomerId } from '../domain/customer-ref';
import { RecordErasureUseCase } from '../use-cases/record-erasure/record-erasure.use-case';
import { RecordMergeUseCase } from '../use-cases/record-merge/record-merge.use-case';

/** Follows identity-graph's merges and erasures. */
@Injectable()
export class CustomerLifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly merge: RecordMergeUseCase,
    private readonly erasure: RecordErasureUseCase,
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
        this.erasure.execute(m, {
          tenantId: eventTenant(p.tenantId, a.tenantId),
          customerId: requireCustomerId(p.customerId),
          erasedAt: occurredAt(p.erasedAt, a.time),
        }),
      );
  }
}
