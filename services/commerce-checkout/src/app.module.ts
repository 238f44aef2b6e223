import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { ServiceKitModule } from '@concierge/service-kit';
import { CatalogModule } from './catalog/catalog.module';
import { commerceCheckoutEnv } from './config/commerce-checkout.env';
import { CustomersModule } from './customers/customers.module';
import { CartModule } from './cart/cart.module';
import { OrdersModule } from './orders/orders.module';
import { entities, migrations } from './database';

export const SERVICE = { service: 'commerce-checkout', proto: ServiceProtos.checkout } as const;

@Module({
  imports: [
    ServiceKitModule.forRoot({ ...SERVICE, env: commerceCheckoutEnv, entities, migrations }),
    CatalogModule,
    CartModule,
    OrdersModule,
    CustomersModule,
  ],
})
export class AppModule {}
