import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerActivityEntity } from './customer-activity.entity';

const emptyHours = () => new Array<number>(24).fill(0);

@Injectable()
export class CustomerActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts the message in its UTC hour and keeps the latest contact per channel; the overall latest contact
   * never moves back when events arrive out of order.
   */
  async recordContact(m: EntityManager, tenantId: string, customerId: string, at: Date, channelKind: string): Promise<void> {
    const hours = emptyHours();
    hours[at.getUTCHours()] = 1;
    await m.query(
      `INSERT INTO customer_activity (tenant_id, customer_id, last_contact_at, last_channel_kind, hour_counts, last_inbound_by_channel)
       VALUES ($1, $2, $3, $4, $5::jsonb, jsonb_build_object($4::text, $3::timestamptz))
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
         last_contact_at = GREATEST(customer_activity.last_contact_at, EXCLUDED.last_contact_at),
         last_channel_kind = CASE WHEN customer_activity.last_contact_at <= EXCLUDED.last_contact_at
                                  THEN EXCLUDED.last_channel_kind ELSE customer_activity.last_channel_kind END,
         hour_counts = jsonb_set(COALESCE(customer_activity.hour_counts, $6::jsonb), ARRAY[$7::text],
                                 to_jsonb(COALESCE((customer_activity.hour_counts ->> $7::int)::int, 0) + 1)),
         last_inbound_by_channel = COALESCE(customer_activity.last_inbound_by_channel, '{}'::jsonb) ||
           CASE WHEN (customer_activity.last_inbound_by_channel ->> $4::text) IS NULL
                  OR (customer_activity.last_inbound_by_channel ->> $4::text)::timestamptz < $3::timestamptz
                THEN jsonb_build_object($4::text, $3::timestamptz) ELSE '{}'::jsonb END`,
      [tenantId, customerId, at, channelKind, JSON.stringify(hours), JSON.stringify(emptyHours()), at.getUTCHours()],
    );
  }

  /** Folds the merged customer's activity into the survivor's: hours add up, the later contact per channel wins. */
  async fold(m: EntityManager, tenantId: string, mergedId: string, survivorId: string): Promise<void> {
    const repo = m.getRepository(CustomerActivityEntity);
    const merged = await repo.findOne({ where: { tenantId, customerId: mergedId } });
    if (!merged) return;
    const survivor = await repo.findOne({ where: { tenantId, customerId: survivorId } });
    if (!survivor) {
      await repo.save({ ...merged, customerId: survivorId });
    } else {
      const later = merged.lastContactAt > survivor.lastContactAt;
      const channels = { ...(survivor.lastInboundByChannel ?? {}) };
      for (const [k, v] of Object.entries(merged.lastInboundByChannel ?? {})) if (!channels[k] || new Date(channels[k]) < new Date(v)) channels[k] = v;
      const hours = emptyHours().map((_, h) => (survivor.hourCounts?.[h] ?? 0) + (merged.hourCounts?.[h] ?? 0));
      await repo.save({
        ...survivor,
        lastContactAt: later ? merged.lastContactAt : survivor.lastContactAt,
        lastChannelKind: later ? merged.lastChannelKind : survivor.lastChannelKind,
        hourCounts: hours,
        lastInboundByChannel: channels,
        timezone: survivor.timezone ?? merged.timezone,
        region: survivor.region ?? merged.region,
      });
    }
    await repo.delete({ tenantId, customerId: mergedId });
  }

  async saveProfile(m: EntityManager, tenantId: string, customerId: string, timezone: string | null, region: string | null, fetchedAt: Date): Promise<void> {
    await m.query(
      `INSERT INTO customer_activity (tenant_id, customer_id, last_contact_at, last_channel_kind, timezone, region, profile_fetched_at)
       VALUES ($1, $2, 'epoch', '', $3, $4, $5)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET timezone = $3, region = $4, profile_fetched_at = $5`,
      [tenantId, customerId, timezone, region, fetchedAt],
    );
  }

  async deleteCustomers(m: EntityManager, tenantId: string, customerIds: string[]): Promise<void> {
    await m.query(`DELETE FROM customer_activity WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, customerIds]);
  }

  find(tenantId: string, customerId: string): Promise<CustomerActivityEntity | null> {
    return this.dataSource.getRepository(CustomerActivityEntity).findOne({ where: { tenantId, customerId } });
  }

  findMany(tenantId: string, customerIds: string[]): Promise<CustomerActivityEntity[]> {
    if (!customerIds.length) return Promise.resolve([]);
    return this.dataSource.getRepository(CustomerActivityEntity).createQueryBuilder('a')
      .where('a.tenant_id = :tenantId AND a.customer_id = ANY(:ids)', { tenantId, ids: customerIds }).getMany();
  }

  inRegion(tenantId: string, region: string): Promise<CustomerActivityEntity[]> {
    return this.dataSource.getRepository(CustomerActivityEntity).createQueryBuilder('a')
      .where('a.tenant_id = :tenantId AND lower(a.region) = lower(:region)', { tenantId, region }).getMany();
  }
}
