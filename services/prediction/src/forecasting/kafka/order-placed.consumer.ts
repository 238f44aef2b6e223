import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { Clock, CLOCK } from '../../clock';
import { RecordOrderUseCase } from '../../purchases/use-cases/record-order/record-order.use-case';
import { ScoreCustomerUseCase } from '../use-cases/score-customer/score-customer.use-case';

/** Projects each placed order and rescores that customer's forecasts in the same transaction (incremental scoring). */
@Injectable()
export class OrderPlacedConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly recordOrder: RecordOrderUseCase,
    private readonly score: ScoreCustomerUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.consumer.on(Events.orderPlaced, async (e, m) => {
      const landed = await this.recordOrder.execute(m, { event: e.payload, headerTenantId: e.attributes.tenantId, ceTime: e.attributes.time });
      if (landed) await this.score.execute(m, landed.tenantId, landed.customerId, this.clock.now());
    });
  }
}
