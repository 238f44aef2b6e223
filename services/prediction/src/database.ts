import { CustomerActivityEntity } from './customers/persistence/customer-activity.entity';
import { CustomerAliasEntity } from '@concierge/persistence';
import { CustomerTombstoneEntity } from '@concierge/persistence';
import { PurchaseEntity } from './purchases/persistence/purchase.entity';

export { migrations } from './migrations';
export const entities = [PurchaseEntity, CustomerActivityEntity, CustomerAliasEntity, CustomerTombstoneEntity];
