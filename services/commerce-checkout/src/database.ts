import { ProductEntity } from './catalog/persistence/product.entity';
import { CustomerAliasEntity } from '@concierge/persistence';
import { CustomerTombstoneEntity } from '@concierge/persistence';

export { migrations } from './migrations';
export const entities = [ProductEntity, CustomerAliasEntity, CustomerTombstoneEntity];
