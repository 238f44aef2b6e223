import { AttachmentBlobEntity } from './attachments/persistence/attachment-blob.entity';
import { CustomerAliasEntity } from './customers/persistence/customer-alias.entity';
import { ChannelEntity } from './channels/persistence/channel.entity';
import { InboundMessageEntity } from './inbound/persistence/inbound-message.entity';
import { PendingIdentityEntity } from './inbound/persistence/pending-identity.entity';
import { DeliveryEntity } from './outbound/persistence/delivery.entity';

export { migrations } from './migrations';
export const entities = [ChannelEntity, InboundMessageEntity, DeliveryEntity, AttachmentBlobEntity, CustomerAliasEntity, PendingIdentityEntity];
