import { Module } from '@nestjs/common';
import { TurnCompletedConsumer } from './kafka/turn-completed.consumer';
import { CustomerActivityRepository } from './persistence/customer-activity.repository';
import { CustomerDirectory } from '@concierge/persistence';
import { RecordContactUseCase } from './use-cases/record-contact/record-contact.use-case';

@Module({
  providers: [CustomerDirectory, CustomerActivityRepository, RecordContactUseCase, TurnCompletedConsumer],
  exports: [CustomerDirectory, CustomerActivityRepository],
})
export class CustomersModule {}
