import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { RecordOrderUseCase } from '../use-cases/record-order/record-order.use-case';

@Injectable()
export class OrderPlacedConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly recordOrder: RecordOrderUseCase,
  ) {}

  onModuleInit(): void {
    this.consumer.on(Events.orderPlaced, (e, m) =>
      this.recordOrder.execute(m, { event: e.payload, headerTenantId: e.attributes.tenantId, ceTime: e.attributes.time }),
    );
  }
}
