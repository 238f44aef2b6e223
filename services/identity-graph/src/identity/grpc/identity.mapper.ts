import { CommonV1, IdentityV1, toTimestamp } from '@concierge/contracts';
import type { CustomerView } from '../use-cases/get-customer/get-customer.use-case';
import type { TimelineItemEntity } from '../../timeline/persistence/timeline-item.entity';
import type { TraitEntity } from '../../profile/persistence/trait.entity';
import type { MemoryFactEntity } from '../../profile/persistence/memory-fact.entity';
import type { ConsentEntity } from '../../consent/persistence/consent.entity';
import type { MergeReviewEntity } from '../../merging/persistence/merge-review.entity';
import type { CustomerMergeEntity } from '../../merging/persistence/customer-merge.entity';
import type { TenantIdentityRules } from '../../settings/domain/tenant-settings';

const ts = (d: Date | null | undefined) => (d ? toTimestamp(new Date(d)) : undefined);

export function toCustomerProto({ customer, identities, attributes }: CustomerView): IdentityV1.Customer {
  return {
    customerId: customer.id,
    tenantId: customer.tenantId,
    displayName: customer.displayName,
    locale: customer.locale,
    timezone: customer.timezone,
    attributes: Object.fromEntries(attributes.map((a) => [a.key, a.value])),
    profile: attributes.map((a) => ({ key: a.key, value: a.value, source: a.source, updatedAt: ts(a.updatedAt) })),
    createdAt: ts(customer.createdAt),
    updatedAt: ts(customer.updatedAt),
    identities: identities.map((i) => ({
      type: i.type as IdentityV1.IdentifierType,
      value: i.value,
      verified: i.verified,
      firstSeenAt: ts(i.firstSeenAt),
      source: i.source,
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
    occurredAt: ts(item.occurredAt),
    intent: item.intent ?? '',
  };
}

export const toTraitProto = (t: TraitEntity): IdentityV1.Trait => ({
  name: t.name,
  value: t.value,
  confidence: t.confidence,
  source: t.source,
  updatedAt: ts(t.updatedAt),
});

export const toFactProto = (f: MemoryFactEntity): IdentityV1.MemoryFact => ({
  factId: f.id,
  subject: f.subject,
  fact: f.fact,
  sourceTurnId: f.sourceTurnId,
  confidence: f.confidence,
  expiresAt: ts(f.expiresAt),
  createdAt: ts(f.createdAt),
});

export const toConsentProto = (c: ConsentEntity): IdentityV1.Consent => ({
  purpose: c.purpose as IdentityV1.ConsentPurpose,
  channelKind: (c.channelKind || CommonV1.ChannelKind.CHANNEL_KIND_UNSPECIFIED) as CommonV1.ChannelKind,
  granted: c.granted,
  source: c.source,
  updatedAt: ts(c.updatedAt),
});

const REVIEW_STATUS: Record<string, IdentityV1.MergeReviewStatus> = {
  open: IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_OPEN,
  merged: IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_MERGED,
  dismissed: IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_DISMISSED,
};

export const toReviewProto = (r: MergeReviewEntity): IdentityV1.MergeReview => ({
  reviewId: r.id,
  customerId: r.customerId,
  otherCustomerId: r.otherCustomerId,
  identifierType: r.identifierType as IdentityV1.IdentifierType,
  identifierValue: r.identifierValue,
  reason: r.reason,
  status: REVIEW_STATUS[r.status] ?? IdentityV1.MergeReviewStatus.MERGE_REVIEW_STATUS_UNSPECIFIED,
  createdAt: ts(r.createdAt),
  resolvedAt: ts(r.resolvedAt),
  mergeId: r.mergeId ?? '',
});

export const toMergeProto = (x: CustomerMergeEntity): IdentityV1.MergeRecord => ({
  mergeId: x.id,
  survivorCustomerId: x.survivorCustomerId,
  mergedCustomerId: x.mergedCustomerId,
  reason: x.reason,
  automatic: x.automatic,
  mergedAt: ts(x.mergedAt),
  unmergedAt: ts(x.unmergedAt),
});

export const toSettingsProto = (r: TenantIdentityRules): IdentityV1.TenantSettings => ({
  trustedIdentifierTypes: r.trustedIdentifierTypes,
  defaultRegion: r.defaultRegion ?? '',
  autoMerge: r.autoMerge,
});
