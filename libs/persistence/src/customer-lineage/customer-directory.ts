import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ResolvedCustomer {
  /** The id to act for: the survivor when the given id was merged away. */
  customerId: string;
  erased: boolean;
}

/** Merges and erasures seen from identity-graph (kept by every service that holds customer data), so late events land on the right customer or nowhere. */
@Injectable()
export class CustomerDirectory {
  async resolve(m: EntityManager, tenantId: string, customerId: string): Promise<ResolvedCustomer> {
    const [row]: { id: string; erased: boolean }[] = await m.query(
      `WITH target AS (
         SELECT coalesce(
           (SELECT survivor_customer_id FROM customer_aliases WHERE tenant_id = $1 AND merged_customer_id = $2),
           $2::uuid) AS id)
       SELECT target.id, EXISTS (
         SELECT 1 FROM customer_tombstones t WHERE t.tenant_id = $1 AND t.customer_id = target.id) AS erased
       FROM target`,
      [tenantId, customerId],
    );
    return { customerId: row.id, erased: row.erased };
  }

  /** Points the merged id, and every id already merged into it, at the survivor (aliases stay one hop deep). */
  async recordMerge(m: EntityManager, tenantId: string, mergedId: string, survivorId: string, mergedAt: Date): Promise<void> {
    await m.query(
      `INSERT INTO customer_aliases (tenant_id, merged_customer_id, survivor_customer_id, merged_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, merged_customer_id)
       DO UPDATE SET survivor_customer_id = EXCLUDED.survivor_customer_id, merged_at = EXCLUDED.merged_at`,
      [tenantId, mergedId, survivorId, mergedAt],
    );
    await m.query(
      `UPDATE customer_aliases SET survivor_customer_id = $3 WHERE tenant_id = $1 AND survivor_customer_id = $2`,
      [tenantId, mergedId, survivorId],
    );
  }

  /** Tombstones the customer and every id merged into it; returns all those ids. */
  async recordErasure(m: EntityManager, tenantId: string, customerIds: string[], erasedAt: Date): Promise<string[]> {
    const aliases: { merged_customer_id: string }[] = await m.query(
      `WITH gone AS (
         DELETE FROM customer_aliases
         WHERE tenant_id = $1 AND (survivor_customer_id = ANY($2::uuid[]) OR merged_customer_id = ANY($2::uuid[]))
         RETURNING merged_customer_id)
       SELECT merged_customer_id FROM gone`,
      [tenantId, customerIds],
    );
    const ids = [...new Set([...customerIds, ...aliases.map((a) => a.merged_customer_id)])];
    await m.query(
      `INSERT INTO customer_tombstones (tenant_id, customer_id, erased_at)
       SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
       ON CONFLICT (tenant_id, customer_id) DO NOTHING`,
      [tenantId, ids, erasedAt],
    );
    return ids;
  }
}
