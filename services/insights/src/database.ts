import { ConversationMarkEntity } from './metrics/persistence/conversation-mark.entity';
import { HourlyEventCountEntity } from './metrics/persistence/hourly-event-count.entity';

export { migrations } from './migrations';
export const entities = [HourlyEventCountEntity, ConversationMarkEntity];
