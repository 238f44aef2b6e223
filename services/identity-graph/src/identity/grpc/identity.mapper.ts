import { IdentityV1, toTimestamp, CommonV1 } from '@concierge/contracts';
import type { CustomerView } from '../use-cases/get-customer/get-customer.use-case';
import type { TimelineItemEntity } from '../../timeline/persistence/timeline-item.entity';

export function toCustomerProto({ customer, identities }: CustomerView): IdentityV1.Customer {
  return {
    customerId: customer.id,
    tenantId: customer.tenantId,
    displayName: customer.displayName,
    locale: customer.locale,
    timezone: customer.timezone,
    attributes: customer.attributes ?? {},
    createdAt: toTimestamp(customer.createdAt),
    identities: identities.map((i) => ({
      type: i.type as IdentityV1.IdentifierType,
      value: i.value,
      verified: i.verified,
      firstSeenAt: toTimestamp(i.firstSeenAt),
    })),
  };
}

export function toTimelineItemProto(item: TimelineItemEntity): IdentityV1.TimelineItem {
  return {
    itemId: item.id,
    kind: item.kind as IdentityV1.TimelineItemKind,
    channelKind: (item.channelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
    channelId: item.channelId,
    text: item.text,
    occurredAt: toTimestamp(item.occurredAt),
  };
}
