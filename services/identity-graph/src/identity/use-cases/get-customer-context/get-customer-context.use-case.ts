import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TimelineItemEntity } from '../../../timeline/persistence/timeline-item.entity';
import { TimelineStatsEntity } from '../../../timeline/persistence/timeline-stats.entity';
import { TraitEntity } from '../../../profile/persistence/trait.entity';
import { MemoryFactEntity } from '../../../profile/persistence/memory-fact.entity';
import { ConsentEntity } from '../../../consent/persistence/consent.entity';
import { requireCustomerId, requireTenant } from '../../domain/identifier';
import { CustomerLookup } from '../../persistence/customer-lookup';
import { CustomerContextQuery } from '../../persistence/customer-context.query';
import { CustomerView } from '../get-customer/get-customer.use-case';

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
 * the same two index-bound queries as a first visit.
 */
@Injectable()
export class GetCustomerContextUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
    private readonly context: CustomerContextQuery,
  ) {}

  async execute(query: { tenantId: string; customerId: string; recentItems: number }): Promise<CustomerContext> {
    const tenantId = requireTenant(query.tenantId);
    const customer = await this.lookup.requireActive(this.dataSource.manager, tenantId, requireCustomerId(query.customerId));
    const limit = Math.min(Math.max(query.recentItems || DEFAULT_RECENT_ITEMS, 1), MAX_RECENT_ITEMS);
    const rows = await this.context.load(customer, limit, TOP_FACTS);
    const total = rows.stats?.total ?? rows.recent.length;
    return { customer, ...rows, total, digest: historyDigest(rows.stats, rows.recent) };
  }
}

const label = (s: string, prefix: string) => s.replace(prefix, '').toLowerCase().replace(/_/g, ' ');
const top = (counts: Record<string, number>, n: number, prefix = '') =>
  Object.entries(counts ?? {})
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
