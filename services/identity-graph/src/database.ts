import { CustomerAliasEntity, CustomerTombstoneEntity } from '@concierge/persistence';
import { ConsentEntity } from './consent/persistence/consent.entity';
import { CustomerEntity } from './identity/persistence/customer.entity';
import { IdentityEntity } from './identity/persistence/identity.entity';
import { CustomerMergeEntity } from './merging/persistence/customer-merge.entity';
import { MergeReviewEntity } from './merging/persistence/merge-review.entity';
import { MemoryFactEntity } from './profile/persistence/memory-fact.entity';
import { ProfileAttributeEntity } from './profile/persistence/profile-attribute.entity';
import { TraitEntity } from './profile/persistence/trait.entity';
import { TenantSettingsEntity } from './settings/persistence/tenant-settings.entity';
import { TimelineItemEntity } from './timeline/persistence/timeline-item.entity';
import { TimelineStatsEntity } from './timeline/persistence/timeline-stats.entity';

export { migrations } from './migrations';
export const entities = [
  CustomerEntity,
  IdentityEntity,
  TimelineItemEntity,
  TimelineStatsEntity,
  ProfileAttributeEntity,
  TraitEntity,
  MemoryFactEntity,
  ConsentEntity,
  CustomerMergeEntity,
  MergeReviewEntity,
  TenantSettingsEntity,
  CustomerAliasEntity,
  CustomerTombstoneEntity,
];
