import { AlertRuleEntity } from './alerts/persistence/alert-rule.entity';
import { AlertEntity } from './alerts/persistence/alert.entity';
import { ConversationFactEntity } from './facts/persistence/conversation-fact.entity';
import { KnownProductEntity } from './facts/persistence/known-product.entity';
import { CommerceEventEntity } from './metrics/persistence/commerce-event.entity';
import { ConversationMarkEntity } from './metrics/persistence/conversation-mark.entity';
import { ConversationStatEntity } from './metrics/persistence/conversation-stat.entity';
import { CustomerActivityEntity } from './metrics/persistence/customer-activity.entity';
import { HourlyEventCountEntity } from './metrics/persistence/hourly-event-count.entity';

export { migrations } from './migrations';
export const entities = [
  HourlyEventCountEntity, ConversationMarkEntity, ConversationFactEntity, KnownProductEntity, ConversationStatEntity,
  CustomerActivityEntity, CommerceEventEntity, AlertRuleEntity, AlertEntity,
];
