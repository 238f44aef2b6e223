import { Injectable, OnModuleInit } from '@nestjs/common';
import { Events } from '@concierge/contracts';
import { IdempotentConsumer } from '@concierge/kafka';
import { RecordContactUseCase } from '../use-cases/record-contact/record-contact.use-case';

@Injectable()
export class TurnCompletedConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly recordContact: RecordContactUseCase,
  ) {}

  onModuleInit(): void {
    this.consumer.on(Events.turnCompleted, (e, m) =>
      this.recordContact.execute(m, { turn: e.payload, headerTenantId: e.attributes.tenantId, ceTime: e.attributes.time }),
    );
  }
}
