import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { ServiceKitModule } from '@concierge/service-kit';
import { predictionEnv } from './config/prediction.env';
import { CustomerLifecycleModule } from './customer-lifecycle/customer-lifecycle.module';
import { CustomersModule } from './customers/customers.module';
import { entities, migrations } from './database';
import { ForecastingModule } from './forecasting/forecasting.module';
import { PurchasesModule } from './purchases/purchases.module';

export const SERVICE = { service: 'prediction', proto: ServiceProtos.prediction } as const;

@Module({
  imports: [
    ServiceKitModule.forRoot({ ...SERVICE, env: predictionEnv, entities, migrations }),
    CustomersModule,
    PurchasesModule,
    ForecastingModule,
    CustomerLifecycleModule,
  ],
})
export class AppModule {}
