import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerEntity } from './customer.entity';
import { IdentityEntity } from './identity.entity';

export interface NewCustomer {
  tenantId: string;
  displayName: string;
  locale: string;
}

export interface IdentifierClaim {
  type: string;
  value: string;
  verified: boolean;
  source: string;
}

@Injectable()
export class IdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The hot path of ResolveIdentity: one lookup on the (tenant, type, value) unique index. */
  async findCustomerIdByIdentifier(tenantId: string, type: string, value: string): Promise<string | undefined> {
    const [row]: { customer_id: string }[] = await this.dataSource.query(
      `SELECT customer_id FROM identities WHERE tenant_id = $1 AND type = $2 AND value = $3`,
      [tenantId, type, value],
    );
    return row?.customer_id;
  }

  async findHolder(tenantId: string, type: string, value: string): Promise<{ customerId: string; verified: boolean } | undefined> {
    const [row]: { customer_id: string; verified: boolean }[] = await this.dataSource.query(
      `SELECT customer_id, verified FROM identities WHERE tenant_id = $1 AND type = $2 AND value = $3`,
      [tenantId, type, value],
    );
    return row ? { customerId: row.customer_id, verified: row.verified } : undefined;
  }

  /**
   * Creates a customer owning the identifier, unless a concurrent call claimed it first:
   * then returns the winner's customer id. One statement sequence, one transaction.
   */
  async createCustomerWithIdentifier(customer: NewCustomer, identifier: IdentifierClaim): Promise<{ customerId: string; created: boolean }> {
    return this.dataSource.transaction(async (m: EntityManager) => {
      const id = randomUUID();
      await m.insert(CustomerEntity, { id, ...customer });
      const claimed: { customer_id: string }[] = await m.query(
        `INSERT INTO identities (tenant_id, customer_id, type, value, verified, source)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, type, value) DO NOTHING RETURNING customer_id`,
        [customer.tenantId, id, identifier.type, identifier.value, identifier.verified, identifier.source],
      );
      if (claimed.length) {
        for (const [key, value] of [
          ['name', customer.displayName],
          ['locale', customer.locale],
        ])
          if (value)
            await m.query(`INSERT INTO profile_attributes (customer_id, key, tenant_id, value, source) VALUES ($1, $2, $3, $4, $5)`, [
              id,
              key,
              customer.tenantId,
              value,
              identifier.source,
            ]);
        return { customerId: id, created: true };
      }
      await m.delete(CustomerEntity, { id });
      const existing = await m.findOneOrFail(IdentityEntity, {
        where: { tenantId: customer.tenantId, type: identifier.type, value: identifier.value },
      });
      return { customerId: existing.customerId, created: false };
    });
  }

  findCustomer(tenantId: string, id: string): Promise<CustomerEntity | null> {
    return this.dataSource.getRepository(CustomerEntity).findOne({ where: { tenantId, id } });
  }

  findIdentities(tenantId: string, customerId: string, m: EntityManager = this.dataSource.manager): Promise<IdentityEntity[]> {
    return m.getRepository(IdentityEntity).find({ where: { tenantId, customerId }, order: { firstSeenAt: 'ASC', type: 'ASC' } });
  }
}
