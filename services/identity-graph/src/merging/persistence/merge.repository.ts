import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { CustomerDirectory } from '@concierge/persistence';
import { CustomerEntity } from '../../identity/persistence/customer.entity';
import { IdentityErrorCode, IdentityException } from '../../identity/domain/identity.exception';
import { TimelineRepository } from '../../timeline/persistence/timeline.repository';
import { MergeCandidate } from '../domain/merge-rules';
import { CustomerMergeEntity, MergeSnapshot, ProfileSnapshot } from './customer-merge.entity';

/** UPDATE/DELETE … RETURNING wrapped in a CTE, so the driver hands back plain rows. */
async function returning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return m.query(`WITH changed AS (${sql}) SELECT * FROM changed`, params);
}

export type LockedCustomer = CustomerEntity & MergeCandidate;

/** Moves everything of one customer onto another inside the caller's transaction, and back again. */
@Injectable()
export class MergeRepository {
  constructor(
    private readonly outbox: Outbox,
    private readonly timeline: TimelineRepository,
    private readonly directory: CustomerDirectory,
  ) {}

  /** Locks the customers (in id order, so two merges of one pair cannot deadlock) and loads their identities. */
  async lock(m: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, LockedCustomer>> {
    const rows = await m
      .getRepository(CustomerEntity)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenantId AND c.id IN (:...ids)', { tenantId, ids })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
    const identities: { customer_id: string; type: string; value: string; verified: boolean }[] = await m.query(
      `SELECT customer_id, type, value, verified FROM identities WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return new Map(rows.map((c) => [c.id, Object.assign(c, { identities: identities.filter((i) => i.customer_id === c.id) })]));
  }

  async merge(m: EntityManager, tenantId: string, survivor: CustomerEntity, merged: CustomerEntity, reason: string, automatic: boolean): Promise<string> {
    const mergeId = randomUUID();
    const mergedAt = new Date();
    const [s, g] = [survivor.id, merged.id];
    const snapshot: MergeSnapshot = {
      survivor: await this.profile(m, s),
      merged: await this.profile(m, g),
      moved: { identities: [], facts: [], timeline: [] },
    };
    const ids = async (sql: string) => (await returning<{ id: string }>(m, sql, [g, s])).map((r) => r.id);
    snapshot.moved.identities = await ids(`UPDATE identities SET customer_id = $2 WHERE customer_id = $1 RETURNING id`);
    snapshot.moved.facts = await ids(`UPDATE memory_facts SET customer_id = $2 WHERE customer_id = $1 RETURNING id`);
    snapshot.moved.timeline = await ids(`UPDATE timeline_items SET customer_id = $2 WHERE customer_id = $1 RETURNING id`);
    // Profile rows: the more recent word wins on a shared key.
    await m.query(
      `INSERT INTO profile_attributes AS p (customer_id, key, tenant_id, value, source, updated_at)
       SELECT $2, key, tenant_id, value, source, updated_at FROM profile_attributes WHERE customer_id = $1
       ON CONFLICT (customer_id, key) DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at
       WHERE p.updated_at < EXCLUDED.updated_at`,
      [g, s],
    );
    await m.query(
      `INSERT INTO customer_traits AS p (customer_id, name, tenant_id, value, confidence, source, updated_at)
       SELECT $2, name, tenant_id, value, confidence, source, updated_at FROM customer_traits WHERE customer_id = $1
       ON CONFLICT (customer_id, name) DO UPDATE SET value = EXCLUDED.value, confidence = EXCLUDED.confidence, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at
       WHERE p.updated_at < EXCLUDED.updated_at`,
      [g, s],
    );
    await m.query(
      `INSERT INTO consents AS p (customer_id, purpose, channel_kind, tenant_id, granted, source, updated_at)
       SELECT $2, purpose, channel_kind, tenant_id, granted, source, updated_at FROM consents WHERE customer_id = $1
       ON CONFLICT (customer_id, purpose, channel_kind) DO UPDATE SET granted = EXCLUDED.granted, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at
       WHERE p.updated_at < EXCLUDED.updated_at`,
      [g, s],
    );
    for (const table of ['profile_attributes', 'customer_traits', 'consents']) await m.query(`DELETE FROM ${table} WHERE customer_id = $1`, [g]);
    await m.query(
      `UPDATE customers s SET display_name = CASE WHEN s.display_name = '' THEN g.display_name ELSE s.display_name END,
         locale = CASE WHEN s.locale = '' THEN g.locale ELSE s.locale END,
         timezone = CASE WHEN s.timezone = '' THEN g.timezone ELSE s.timezone END,
         created_at = least(s.created_at, g.created_at), updated_at = now()
       FROM customers g WHERE s.id = $2 AND g.id = $1`,
      [g, s],
    );
    await m.query(`UPDATE customers SET status = 'merged', merged_into = $2, updated_at = now() WHERE id = $1`, [g, s]);
    // Customers folded into the merged one earlier now point at the survivor too (one hop, like the directory).
    await m.query(`UPDATE customers SET merged_into = $2 WHERE merged_into = $1`, [g, s]);
    await this.timeline.rebuildStats(m, tenantId, [s]);
    await m.query(`DELETE FROM timeline_stats WHERE customer_id = $1`, [g]);
    await this.directory.recordMerge(m, tenantId, g, s, mergedAt);
    await m.insert(CustomerMergeEntity, { id: mergeId, tenantId, survivorCustomerId: s, mergedCustomerId: g, reason, automatic, mergedAt, unmergedAt: null, snapshot: snapshot as never });
    await m.query(
      `UPDATE merge_reviews SET status = 'merged', resolved_at = now(), merge_id = $3
       WHERE tenant_id = $4 AND status = 'open' AND ((customer_id = $1 AND other_customer_id = $2) OR (customer_id = $2 AND other_customer_id = $1))`,
      [g, s, mergeId, tenantId],
    );
    await this.outbox.add(m, {
      event: Events.customerMerged,
      key: s,
      tenantId,
      eventId: mergeId,
      payload: { tenantId, mergeId, survivorCustomerId: s, mergedCustomerId: g, reason, mergedAt: toTimestamp(mergedAt) },
    });
    return mergeId;
  }

  /** Undoes a merge: both customers as they were, and what arrived since goes where its identifier now belongs. */
  async unmerge(m: EntityManager, tenantId: string, mergeId: string): Promise<[string, string]> {
    const merge = await m
      .getRepository(CustomerMergeEntity)
      .createQueryBuilder('x')
      .where('x.tenant_id = :tenantId AND x.id = :mergeId', { tenantId, mergeId })
      .setLock('pessimistic_write')
      .getOne();
    if (!merge) throw new IdentityException(IdentityErrorCode.MergeNotFound, `merge ${mergeId} not found`);
    if (merge.unmergedAt) throw new IdentityException(IdentityErrorCode.MergeNotUndoable, `merge ${mergeId} was already undone`);
    if (!merge.snapshot) throw new IdentityException(IdentityErrorCode.MergeNotUndoable, `merge ${mergeId} cannot be undone: the customer was erased`);
    const [s, g] = [merge.survivorCustomerId, merge.mergedCustomerId];
    const locked = await this.lock(m, tenantId, [s, g]);
    const survivor = locked.get(s);
    const merged = locked.get(g);
    if (!survivor || !merged || merged.status !== 'merged' || merged.mergedInto !== s)
      throw new IdentityException(IdentityErrorCode.MergeNotUndoable, `merge ${mergeId} cannot be undone: the customers changed since`);
    if (survivor.status !== 'active') {
      const later = await m.findOne(CustomerMergeEntity, { where: { tenantId, mergedCustomerId: s, unmergedAt: IsNull() }, order: { mergedAt: 'DESC' } });
      throw new IdentityException(
        IdentityErrorCode.MergeNotUndoable,
        `customer ${s} was itself ${survivor.status} later${later ? ` (merge ${later.id})` : ''}: undo that first`,
      );
    }
    const snap = merge.snapshot;
    const at = merge.mergedAt;
    const c = snap.merged.customer;
    await m.query(
      `UPDATE customers SET display_name = $2, locale = $3, timezone = $4, status = 'active', merged_into = NULL, updated_at = $5 WHERE id = $1`,
      [g, c.display_name, c.locale, c.timezone, c.updated_at],
    );
    const sc = snap.survivor.customer;
    await m.query(`UPDATE customers SET display_name = $2, locale = $3, timezone = $4, created_at = $5, updated_at = now() WHERE id = $1`, [
      s,
      sc.display_name,
      sc.locale,
      sc.timezone,
      sc.created_at,
    ]);
    await m.query(`UPDATE identities SET customer_id = $2 WHERE customer_id = $1 AND id = ANY($3::uuid[])`, [s, g, snap.moved.identities]);
    await m.query(`UPDATE memory_facts SET customer_id = $2 WHERE customer_id = $1 AND id = ANY($3::uuid[])`, [s, g, snap.moved.facts]);
    await m.query(`UPDATE timeline_items SET customer_id = $2 WHERE customer_id = $1 AND id = ANY($3::uuid[])`, [s, g, snap.moved.timeline]);
    await m.query(
      `UPDATE timeline_items t SET customer_id = $2 WHERE t.customer_id = $1 AND t.recorded_at >= $3 AND t.identifier_value <> ''
         AND EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = $2 AND i.type = t.identifier_type AND i.value = t.identifier_value)`,
      [s, g, at],
    );
    // Profile rows: the survivor keeps what changed after the merge; everything else returns to its snapshot.
    for (const [table, snapKey] of [
      ['profile_attributes', 'attributes'],
      ['customer_traits', 'traits'],
      ['consents', 'consents'],
    ] as const) {
      await m.query(`DELETE FROM ${table} WHERE customer_id = $1 AND updated_at <= $2`, [s, at]);
      await m.query(`DELETE FROM ${table} WHERE customer_id = $1`, [g]);
      await m.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1) ON CONFLICT DO NOTHING`, [
        JSON.stringify(snap.survivor[snapKey]),
      ]);
      await m.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1) ON CONFLICT DO NOTHING`, [
        JSON.stringify(snap.merged[snapKey]),
      ]);
    }
    for (const [key, column] of [
      ['name', 'display_name'],
      ['locale', 'locale'],
      ['timezone', 'timezone'],
    ])
      await m.query(
        `UPDATE customers c SET ${column} = a.value FROM profile_attributes a WHERE c.id = $1 AND a.customer_id = $1 AND a.key = $2 AND a.updated_at > $3`,
        [s, key, at],
      );
    // Customers folded into the merged one before this merge point at it again.
    const earlier: { merged_customer_id: string }[] = await m.query(
      `SELECT merged_customer_id FROM customer_merges WHERE tenant_id = $1 AND survivor_customer_id = $2 AND unmerged_at IS NULL AND merged_at < $3`,
      [tenantId, g, at],
    );
    const earlierIds = earlier.map((e) => e.merged_customer_id);
    if (earlierIds.length) {
      await m.query(`UPDATE customers SET merged_into = $1 WHERE id = ANY($2::uuid[]) AND merged_into = $3`, [g, earlierIds, s]);
      await m.query(`UPDATE customer_aliases SET survivor_customer_id = $1 WHERE tenant_id = $2 AND merged_customer_id = ANY($3::uuid[])`, [
        g,
        tenantId,
        earlierIds,
      ]);
    }
    await m.query(`DELETE FROM customer_aliases WHERE tenant_id = $1 AND merged_customer_id = $2`, [tenantId, g]);
    await this.timeline.rebuildStats(m, tenantId, [s, g]);
    const unmergedAt = new Date();
    await m.update(CustomerMergeEntity, { id: mergeId }, { unmergedAt });
    await this.outbox.add(m, {
      event: Events.customerUnmerged,
      key: g,
      tenantId,
      payload: { tenantId, mergeId, survivorCustomerId: s, restoredCustomerId: g, unmergedAt: toTimestamp(unmergedAt) },
    });
    for (const id of [s, g])
      await this.outbox.add(m, {
        event: Events.profileUpdated,
        key: id,
        tenantId,
        payload: { tenantId, customerId: id, changedFields: ['unmerged', `merge:${mergeId}`], updatedAt: toTimestamp(new Date()) },
      });
    return [s, g];
  }

  private async profile(m: EntityManager, customerId: string): Promise<ProfileSnapshot> {
    const rows = async (table: string) =>
      (await m.query(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE customer_id = $1`, [customerId])).map((r: { row: Record<string, unknown> }) => r.row);
    const [customer] = await m.query(`SELECT to_jsonb(c) AS row FROM customers c WHERE id = $1`, [customerId]);
    return { customer: customer.row, attributes: await rows('profile_attributes'), traits: await rows('customer_traits'), consents: await rows('consents') };
  }
}
