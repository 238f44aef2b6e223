import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { ForecastingModule } from '../forecasting/forecasting.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { CustomerLifecycleConsumer } from './kafka/customer-lifecycle.consumer';
import { EraseCustomerUseCase } from './use-cases/erase-customer/erase-customer.use-case';
import { MergeCustomersUseCase } from './use-cases/merge-customers/merge-customers.use-case';
import { UnmergeCustomerUseCase } from './use-cases/unmerge-customer/unmerge-customer.use-case';

@Module({
  imports: [CustomersModule, PurchasesModule, ForecastingModule],
  providers: [MergeCustomersUseCase, EraseCustomerUseCase, UnmergeCustomerUseCase, CustomerLifecycleConsumer],
})
export class CustomerLifecycleModule {}
