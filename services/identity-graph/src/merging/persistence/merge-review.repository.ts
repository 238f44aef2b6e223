import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** Opens one review per conflicting pair; a second conflict on the same pair finds the open one. */
@Injectable()
export class MergeReviewRepository {
  async open(m: EntityManager, tenantId: string, a: string, b: string, identifier: { type: string; value: string }, reason: string): Promise<string> {
    const [x, y] = a < b ? [a, b] : [b, a];
    const [created]: { id: string }[] = await m.query(
      `INSERT INTO merge_reviews (id, tenant_id, customer_id, other_customer_id, identifier_type, identifier_value, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, customer_id, other_customer_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [randomUUID(), tenantId, x, y, identifier.type, identifier.value, reason.slice(0, 1000)],
    );
    if (created) return created.id;
    const [existing]: { id: string }[] = await m.query(
      `SELECT id FROM merge_reviews WHERE tenant_id = $1 AND customer_id = $2 AND other_customer_id = $3 AND status = 'open'`,
      [tenantId, x, y],
    );
    return existing.id;
  }
}
