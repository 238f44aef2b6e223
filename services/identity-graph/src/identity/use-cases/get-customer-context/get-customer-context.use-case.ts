import { Injectable } from '@nestjs/common';
import { TimelineRepository } from '../../../timeline/persistence/timeline.repository';
import { TimelineItemEntity } from '../../../timeline/persistence/timeline-item.entity';
import { TimelineStatsEntity } from '../../../timeline/persistence/timeline-stats.entity';
import { ProfileRepository } from '../../../profile/persistence/profile.repository';
import { TraitEntity } from '../../../profile/persistence/trait.entity';
import { MemoryFactEntity } from '../../../profile/persistence/memory-fact.entity';
import { ConsentRepository } from '../../../consent/persistence/consent.repository';
import { ConsentEntity } from '../../../consent/persistence/consent.entity';
import { CustomerView, GetCustomerUseCase } from '../get-customer/get-customer.use-case';

export const MAX_RECENT_ITEMS = 50;
const DEFAULT_RECENT_ITEMS = 20;
export const TOP_FACTS = 20;

export interface CustomerContext extends CustomerView {
  traits: TraitEntity[];
  facts: MemoryFactEntity[];
  consents: ConsentEntity[];
  recent: TimelineItemEntity[];
  total: number;
  digest: string;
}

/**
 * A bounded view for the agent: profile, traits, top facts, the last N timeline items across
 * channels and a digest of the rest built from running totals, so ten years of history cost
 * the same handful of index lookups as a first visit.
 */
@Injectable()
export class GetCustomerContextUseCase {
  constructor(
    private readonly getCustomer: GetCustomerUseCase,
    private readonly timeline: TimelineRepository,
    private readonly profile: ProfileRepository,
    private readonly consents: ConsentRepository,
  ) {}

  async execute(query: { tenantId: string; customerId: string; recentItems: number }): Promise<CustomerContext> {
    const view = await this.getCustomer.execute(query);
    const { tenantId, id } = view.customer;
    const limit = Math.min(Math.max(query.recentItems || DEFAULT_RECENT_ITEMS, 1), MAX_RECENT_ITEMS);
    const [recent, stats, traits, facts, consents] = await Promise.all([
      this.timeline.recent(tenantId, id, limit),
      this.timeline.stats(tenantId, id),
      this.profile.traits(tenantId, id),
      this.profile.topFacts(tenantId, id, TOP_FACTS),
      this.consents.list(tenantId, id),
    ]);
    const total = stats?.total ?? recent.length;
    return { ...view, traits, facts, consents, recent, total, digest: historyDigest(stats, recent) };
  }
}

const label = (s: string, prefix: string) => s.replace(prefix, '').toLowerCase().replace(/_/g, ' ');
const top = (counts: Record<string, number>, n: number, prefix = '') =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${label(k, prefix)} ${v}`)
    .join(', ');

/** One short paragraph about everything older than the recent items; its size does not grow with the history. */
export function historyDigest(stats: TimelineStatsEntity | undefined, recent: TimelineItemEntity[]): string {
  if (!stats) return '';
  const older = stats.total - recent.length;
  if (older <= 0) return '';
  const parts = [`${older} earlier timeline items since ${stats.firstAt?.toISOString().slice(0, 10)}`];
  const kinds = top(stats.byKind, 5, 'TIMELINE_ITEM_KIND_');
  if (kinds) parts.push(`in all: ${kinds}`);
  const channels = top(stats.byChannel, 8, 'CHANNEL_KIND_');
  if (channels) parts.push(`channels: ${channels}`);
  const intents = top(stats.byIntent, 5);
  if (intents) parts.push(`frequent topics: ${intents}`);
  if (stats.lastOrderAt) parts.push(`last order ${stats.lastOrderAt.toISOString().slice(0, 10)}: ${stats.lastOrderText}`);
  return parts.join('; ').slice(0, 1000);
}
