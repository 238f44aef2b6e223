import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { CustomerAliasEntity } from '../persistence/customer-alias.entity';

/** Follows identity merges so a proactive message to the survivor finds the channels of the merged customer. */
@Injectable()
export class CustomerMergesConsumer implements OnModuleInit {
  constructor(private readonly consumer: IdempotentConsumer) {}

  onModuleInit(): void {
    this.consumer.on(Events.customerMerged, async ({ payload: p }, m) => {
      if (!p.mergedCustomerId || !p.survivorCustomerId) return;
      await m.upsert(CustomerAliasEntity, { mergedCustomerId: p.mergedCustomerId, tenantId: p.tenantId, survivorCustomerId: p.survivorCustomerId }, ['mergedCustomerId']);
      // Aliases of the merged customer now point at the survivor too.
      await m.update(CustomerAliasEntity, { tenantId: p.tenantId, survivorCustomerId: p.mergedCustomerId }, { survivorCustomerId: p.survivorCustomerId });
    });
    this.consumer.on(Events.customerUnmerged, async ({ payload: p }, m) => {
      if (p.restoredCustomerId) await m.delete(CustomerAliasEntity, { mergedCustomerId: p.restoredCustomerId });
    });
  }
}
