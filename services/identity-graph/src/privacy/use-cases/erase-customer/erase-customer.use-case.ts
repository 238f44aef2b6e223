import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { CustomerDirectory } from '@concierge/persistence';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { CustomerEntity } from '../../../identity/persistence/customer.entity';
import { inTransaction } from '../../../identity/persistence/transaction';

/** Tables holding personal data, keyed by customer. */
const PERSONAL_TABLES = ['identities', 'profile_attributes', 'customer_traits', 'memory_facts', 'consents', 'timeline_items', 'timeline_stats'];

/**
 * Right to erasure: deletes every piece of personal data of the customer and of every id merged
 * into it, keeps an anonymous tombstone so late events cannot bring it back, and publishes
 * customer-erased for the other services. Erasing twice answers with the first erasure.
 */
@Injectable()
export class EraseCustomerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: CustomerDirectory,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: { tenantId: string; customerId: string; reason: string }): Promise<{ customerId: string; erasedAt: Date }> {
    const tenantId = requireTenant(cmd.tenantId);
    const requested = requireCustomerId(cmd.customerId);
    return inTransaction(this.dataSource, async (m) => {
      let customer = await m.findOne(CustomerEntity, { where: { tenantId, id: requested }, lock: { mode: 'pessimistic_write' } });
      if (!customer) throw new IdentityException(IdentityErrorCode.CustomerNotFound, `customer ${requested} not found`);
      // Erasing an id that was merged away erases the person: its survivor.
      while (customer.status === 'merged' && customer.mergedInto)
        customer = await m.findOneOrFail(CustomerEntity, { where: { tenantId, id: customer.mergedInto }, lock: { mode: 'pessimistic_write' } });
      if (customer.status === 'erased') return { customerId: customer.id, erasedAt: customer.erasedAt ?? new Date() };
      const erasedAt = new Date();
      const folded: { id: string }[] = await m.query(`SELECT id FROM customers WHERE tenant_id = $1 AND merged_into = $2 FOR UPDATE`, [tenantId, customer.id]);
      const ids = [customer.id, ...folded.map((f) => f.id)];
      for (const table of PERSONAL_TABLES) await m.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, ids]);
      await m.query(
        `DELETE FROM merge_reviews WHERE tenant_id = $1 AND (customer_id = ANY($2::uuid[]) OR other_customer_id = ANY($2::uuid[]))`,
        [tenantId, ids],
      );
      // Lineage stays (ids and times only); the snapshots that could undo a merge hold personal data and go.
      await m.query(
        `UPDATE customer_merges SET snapshot = NULL, reason = '' WHERE tenant_id = $1 AND (survivor_customer_id = ANY($2::uuid[]) OR merged_customer_id = ANY($2::uuid[]))`,
        [tenantId, ids],
      );
      await m.query(
        `UPDATE customers SET display_name = '', locale = '', timezone = '', attributes = '{}', status = 'erased', merged_into = NULL, erased_at = $3, updated_at = $3
         WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
        [tenantId, ids, erasedAt],
      );
      await this.directory.recordErasure(m, tenantId, ids, erasedAt);
      await this.outbox.add(m, {
        event: Events.customerErased,
        key: customer.id,
        tenantId,
        payload: { tenantId, customerId: customer.id, erasedAt: toTimestamp(erasedAt) },
      });
      return { customerId: customer.id, erasedAt };
    });
  }
}
