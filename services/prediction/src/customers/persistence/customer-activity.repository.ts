import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerActivityEntity } from './customer-activity.entity';

@Injectable()
export class CustomerActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps the latest contact only, so events delivered out of order never move it back. */
  async recordContact(m: EntityManager, tenantId: string, customerId: string, at: Date, channelKind: string): Promise<void> {
    await m.query(
      `INSERT INTO customer_activity (tenant_id, customer_id, last_contact_at, last_channel_kind)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE
       SET last_contact_at = EXCLUDED.last_contact_at, last_channel_kind = EXCLUDED.last_channel_kind
       WHERE customer_activity.last_contact_at <= EXCLUDED.last_contact_at`,
      [tenantId, customerId, at, channelKind],
    );
  }

  /** Folds the merged customer's activity into the survivor's, keeping the later contact. */
  async fold(m: EntityManager, tenantId: string, mergedId: string, survivorId: string): Promise<void> {
    await m.query(
      `INSERT INTO customer_activity (tenant_id, customer_id, last_contact_at, last_channel_kind)
       SELECT tenant_id, $3, last_contact_at, last_channel_kind FROM customer_activity
       WHERE tenant_id = $1 AND customer_id = $2
       ON CONFLICT (tenant_id, customer_id) DO UPDATE
       SET last_contact_at = EXCLUDED.last_contact_at, last_channel_kind = EXCLUDED.last_channel_kind
       WHERE customer_activity.last_contact_at < EXCLUDED.last_contact_at`,
      [tenantId, mergedId, survivorId],
    );
    await m.delete(CustomerActivityEntity, { tenantId, customerId: mergedId });
  }

  async deleteCustomers(m: EntityManager, tenantId: string, customerIds: string[]): Promise<void> {
    await m.query(`DELETE FROM customer_activity WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])`, [tenantId, customerIds]);
  }

  find(tenantId: string, customerId: string): Promise<CustomerActivityEntity | null> {
    return this.dataSource.getRepository(CustomerActivityEntity).findOne({ where: { tenantId, customerId } });
  }
}
