import { ProductEntity } from './catalog/persistence/product.entity';
import { CustomerAliasEntity } from './customers/persistence/customer-alias.entity';
import { CustomerTombstoneEntity } from './customers/persistence/customer-tombstone.entity';

export { migrations } from './migrations';
export const entities = [ProductEntity, CustomerAliasEntity, CustomerTombstoneEntity];
