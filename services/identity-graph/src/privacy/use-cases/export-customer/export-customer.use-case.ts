import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { CustomerLookup } from '../../../identity/persistence/customer-lookup';

/** Everything identity-graph holds about the person (the customer and every id merged into it), as one JSON document. */
@Injectable()
export class ExportCustomerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
  ) {}

  async execute(q: { tenantId: string; customerId: string }): Promise<string> {
    const tenantId = requireTenant(q.tenantId);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const customer = await this.lookup.requireActive(m, tenantId, requireCustomerId(q.customerId));
      const ids: string[] = [customer.id, ...(await m.query(`SELECT id FROM customers WHERE tenant_id = $1 AND merged_into = $2`, [tenantId, customer.id])).map((r: { id: string }) => r.id)];
      const rows = async (sql: string) => m.query(sql, [tenantId, ids]);
      const doc = {
        exportedAt: new Date().toISOString(),
        tenantId,
        customerId: customer.id,
        customer: (await rows(`SELECT id, display_name, locale, timezone, status, created_at, updated_at FROM customers WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at`)),
        identities: await rows(`SELECT customer_id, type, value, verified, source, first_seen_at FROM identities WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY first_seen_at`),
        attributes: await rows(`SELECT customer_id, key, value, source, updated_at FROM profile_attributes WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY key`),
        traits: await rows(`SELECT customer_id, name, value, confidence, source, updated_at FROM customer_traits WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY name`),
        facts: await rows(`SELECT id, customer_id, subject, fact, source_turn_id, confidence, expires_at, created_at FROM memory_facts WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY created_at`),
        consents: await rows(`SELECT customer_id, purpose, channel_kind, granted, source, updated_at FROM consents WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY purpose, channel_kind`),
        timeline: await rows(`SELECT id, customer_id, kind, channel_kind, channel_id, text, intent, occurred_at FROM timeline_items WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[]) ORDER BY occurred_at, id`),
        merges: await rows(`SELECT id, survivor_customer_id, merged_customer_id, reason, automatic, merged_at, unmerged_at FROM customer_merges WHERE tenant_id = $1 AND (survivor_customer_id = ANY($2::uuid[]) OR merged_customer_id = ANY($2::uuid[])) ORDER BY merged_at`),
        mergeReviews: await rows(`SELECT id, customer_id, other_customer_id, identifier_type, identifier_value, reason, status, created_at, resolved_at FROM merge_reviews WHERE tenant_id = $1 AND (customer_id = ANY($2::uuid[]) OR other_customer_id = ANY($2::uuid[])) ORDER BY created_at`),
      };
      return JSON.stringify(doc);
    });
  }
}
