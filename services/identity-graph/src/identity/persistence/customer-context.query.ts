import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerEntity } from './customer.entity';
import type { IdentityEntity } from './identity.entity';
import type { ProfileAttributeEntity } from '../../profile/persistence/profile-attribute.entity';
import type { TraitEntity } from '../../profile/persistence/trait.entity';
import type { MemoryFactEntity } from '../../profile/persistence/memory-fact.entity';
import type { ConsentEntity } from '../../consent/persistence/consent.entity';
import type { TimelineItemEntity } from '../../timeline/persistence/timeline-item.entity';
import type { TimelineStatsEntity } from '../../timeline/persistence/timeline-stats.entity';
import { RECENT_ITEMS_SQL, STATS_SQL } from '../../timeline/persistence/timeline.repository';
import { TOP_FACTS_SQL } from '../../profile/persistence/profile.repository';

/**
 * Everything GetCustomerContext returns, in one round trip: each part is a bounded index lookup
 * (the recent items and the top facts stop after their LIMIT; the digest reads one totals row).
 * Parameters: $1 tenant, $2 customer, $3 recent items, $4 top facts.
 */
export const CONTEXT_SQL = `SELECT
  (SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY i.first_seen_at, i.type), '[]') FROM (SELECT * FROM identities WHERE tenant_id = $1 AND customer_id = $2 LIMIT 200) i) AS identities,
  (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.key), '[]') FROM (SELECT * FROM profile_attributes WHERE tenant_id = $1 AND customer_id = $2 ORDER BY key LIMIT 200) a) AS attributes,
  (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.name), '[]') FROM (SELECT * FROM customer_traits WHERE tenant_id = $1 AND customer_id = $2 ORDER BY name LIMIT 100) t) AS traits,
  (SELECT coalesce(jsonb_agg(to_jsonb(f)), '[]') FROM (${TOP_FACTS_SQL.replace('$3', '$4')}) f) AS facts,
  (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.purpose, c.channel_kind), '[]') FROM (SELECT * FROM consents WHERE tenant_id = $1 AND customer_id = $2 LIMIT 100) c) AS consents,
  (SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.occurred_at, r.id), '[]') FROM (${RECENT_ITEMS_SQL}) r) AS recent,
  (SELECT to_jsonb(s) FROM (${STATS_SQL}) s) AS stats`;

export interface CustomerContextRows {
  identities: IdentityEntity[];
  attributes: ProfileAttributeEntity[];
  traits: TraitEntity[];
  facts: MemoryFactEntity[];
  consents: ConsentEntity[];
  recent: TimelineItemEntity[];
  stats: TimelineStatsEntity | undefined;
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const DATES = new Set(['firstSeenAt', 'updatedAt', 'createdAt', 'expiresAt', 'occurredAt', 'recordedAt', 'firstAt', 'lastAt', 'lastOrderAt']);

function hydrate<T>(row: Record<string, unknown> | null): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row ?? {})) {
    const key = camel(k);
    out[key] = DATES.has(key) && typeof v === 'string' ? new Date(v) : v;
  }
  return out as T;
}

@Injectable()
export class CustomerContextQuery {
  constructor(private readonly dataSource: DataSource) {}

  async load(customer: CustomerEntity, recentItems: number, topFacts: number): Promise<CustomerContextRows> {
    const [row] = await this.dataSource.query(CONTEXT_SQL, [customer.tenantId, customer.id, recentItems, topFacts]);
    const list = <T>(v: Record<string, unknown>[]) => v.map((r) => hydrate<T>(r));
    return {
      identities: list<IdentityEntity>(row.identities),
      attributes: list<ProfileAttributeEntity>(row.attributes),
      traits: list<TraitEntity>(row.traits),
      facts: list<MemoryFactEntity>(row.facts),
      consents: list<ConsentEntity>(row.consents),
      recent: list<TimelineItemEntity>(row.recent),
      stats: row.stats ? hydrate<TimelineStatsEntity>(row.stats) : undefined,
    };
  }
}
