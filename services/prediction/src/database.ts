import { CustomerActivityEntity } from './customers/persistence/customer-activity.entity';
import { CustomerAliasEntity } from '@concierge/persistence';
import { CustomerTombstoneEntity } from '@concierge/persistence';
import { CatalogProductEntity } from './forecasting/persistence/catalog-product.entity';
import { ContextSignalEntity } from './forecasting/persistence/context-signal.entity';
import { CustomerModelEntity } from './forecasting/persistence/customer-model.entity';
import { ForecastEntity } from './forecasting/persistence/forecast.entity';
import { OutreachEntity } from './forecasting/persistence/outreach.entity';
import { ProductPriorEntity } from './forecasting/persistence/product-prior.entity';
import { PurchaseEntity } from './purchases/persistence/purchase.entity';

export { migrations } from './migrations';
export const entities = [
  PurchaseEntity,
  CustomerActivityEntity,
  CustomerAliasEntity,
  CustomerTombstoneEntity,
  CatalogProductEntity,
  ProductPriorEntity,
  ForecastEntity,
  OutreachEntity,
  CustomerModelEntity,
  ContextSignalEntity,
];
