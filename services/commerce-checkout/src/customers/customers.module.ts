import { Module } from '@nestjs/common';
import { CustomerLifecycleConsumer } from './kafka/customer-lifecycle.consumer';
import { CustomerDirectory } from '@concierge/persistence';
import { OrdersModule } from '../orders/orders.module';
import { CustomerDataRepository } from './persistence/customer-data.repository';
import { RecordErasureUseCase } from './use-cases/record-erasure/record-erasure.use-case';
import { RecordMergeUseCase } from './use-cases/record-merge/record-merge.use-case';
import { RecordUnmergeUseCase } from './use-cases/record-unmerge/record-unmerge.use-case';

@Module({
  imports: [OrdersModule],
  providers: [CustomerDirectory, CustomerDataRepository, RecordMergeUseCase, RecordErasureUseCase, RecordUnmergeUseCase, CustomerLifecycleConsumer],
  exports: [CustomerDirectory],
})
export class CustomersModule {}
