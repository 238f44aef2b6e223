import { Module } from '@nestjs/common';
import { systemClockProvider } from '../clock';
import { CustomersModule } from '../customers/customers.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { upstreamClientProviders } from './gateways/upstream-clients';
import { UpstreamGateway } from './gateways/upstream.gateway';
import { ForecastingGrpcController } from './grpc/forecasting.grpc.controller';
import { OrderPlacedConsumer } from './kafka/order-placed.consumer';
import { OutreachScheduler } from './outreach.scheduler';
import { outreachSettingsProvider } from './outreach-settings';
import { ForecastingRepository } from './persistence/forecasting.repository';
import { BackfillPurchasesUseCase } from './use-cases/backfill-purchases/backfill-purchases.use-case';
import { CustomerInsightUseCase } from './use-cases/get-forecasts/customer-insight.use-case';
import { RefreshModelsUseCase } from './use-cases/refresh-models/refresh-models.use-case';
import { OutreachEmitter } from './use-cases/run-outreach-scan/outreach-emitter';
import { RunOutreachScanUseCase } from './use-cases/run-outreach-scan/run-outreach-scan.use-case';
import { ScoreCustomerUseCase } from './use-cases/score-customer/score-customer.use-case';
import { SubmitContextSignalUseCase } from './use-cases/submit-context-signal/submit-context-signal.use-case';

@Module({
  imports: [CustomersModule, PurchasesModule],
  controllers: [ForecastingGrpcController],
  providers: [
    systemClockProvider,
    ...upstreamClientProviders,
    outreachSettingsProvider,
    UpstreamGateway,
    ForecastingRepository,
    ScoreCustomerUseCase,
    RefreshModelsUseCase,
    OutreachEmitter,
    RunOutreachScanUseCase,
    CustomerInsightUseCase,
    SubmitContextSignalUseCase,
    BackfillPurchasesUseCase,
    OrderPlacedConsumer,
    OutreachScheduler,
  ],
  exports: [ForecastingRepository, ScoreCustomerUseCase],
})
export class ForecastingModule {}
