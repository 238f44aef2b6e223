import { CustomerEntity } from './identity/persistence/customer.entity';
import { IdentityEntity } from './identity/persistence/identity.entity';
import { TimelineItemEntity } from './timeline/persistence/timeline-item.entity';

export { migrations } from './migrations';
export const entities = [CustomerEntity, IdentityEntity, TimelineItemEntity];
