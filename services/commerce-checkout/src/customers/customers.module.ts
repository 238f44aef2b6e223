import { Module } from '@nestjs/common';
import { CustomerLifecycleConsumer } from './kafka/customer-lifecycle.consumer';
import { CustomerDirectory } from '@concierge/persistence';
import { RecordErasureUseCase } from './use-cases/record-erasure/record-erasure.use-case';
import { RecordMergeUseCase } from './use-cases/record-merge/record-merge.use-case';

@Module({
  providers: [CustomerDirectory, RecordMergeUseCase, RecordErasureUseCase, CustomerLifecycleConsumer],
  exports: [CustomerDirectory],
})
export class CustomersModule {}
