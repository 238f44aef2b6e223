import { CustomerActivityEntity } from './customers/persistence/customer-activity.entity';
import { CustomerAliasEntity } from './customers/persistence/customer-alias.entity';
import { CustomerTombstoneEntity } from './customers/persistence/customer-tombstone.entity';
import { PurchaseEntity } from './purchases/persistence/purchase.entity';

export { migrations } from './migrations';
export const entities = [PurchaseEntity, CustomerActivityEntity, CustomerAliasEntity, CustomerTombstoneEntity];
