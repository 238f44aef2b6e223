import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { PredictionGrpcController } from './grpc/prediction.grpc.controller';
import { PurchaseRepository } from './persistence/purchase.repository';
import { GetPurchaseHistoryUseCase } from './use-cases/get-purchase-history/get-purchase-history.use-case';
import { RecordOrderUseCase } from './use-cases/record-order/record-order.use-case';

@Module({
  imports: [CustomersModule],
  controllers: [PredictionGrpcController],
  providers: [PurchaseRepository, RecordOrderUseCase, GetPurchaseHistoryUseCase],
  exports: [PurchaseRepository, RecordOrderUseCase],
})
export class PurchasesModule {}
