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

@Injectable()
export class IdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findCustomerIdByIdentifier(tenantId: string, type: string, value: string): Promise<string | undefined> {
    const row = await this.dataSource
      .getRepository(IdentityEntity)
      .findOne({ where: { tenantId, type, value }, select: { customerId: true } });
    return row?.customerId;
  }

  /**
   * Creates a customer owning the identifier, unless a concurrent call claimed it first:
   * then returns the winner's customer id. One statement sequence, one transaction.
   */
  async createCustomerWithIdentifier(
    customer: NewCustomer,
    identifier: { type: string; value: string; verified: boolean },
  ): Promise<{ customerId: string; created: boolean }> {
    return this.dataSource.transaction(async (m: EntityManager) => {
      const id = randomUUID();
      await m.insert(CustomerEntity, { id, ...customer });
      const claimed: { customer_id: string }[] = await m.query(
        `INSERT INTO identities (tenant_id, customer_id, type, value, verified)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, type, value) DO NOTHING RETURNING customer_id`,
        [customer.tenantId, id, identifier.type, identifier.value, identifier.verified],
      );
      if (claimed.length) return { customerId: id, created: true };
      await m.delete(CustomerEntity, { id });
      const existing = await m.findOneOrFail(IdentityEntity, {
        where: { tenantId: customer.tenantId, type: identifier.type, value: identifier.value },
      });
      return { customerId: existing.customerId, created: false };
    });
  }

  /** Attaches extra identifiers to a customer; identifiers owned by someone else are left alone (merging is its own flow). */
  async attachIdentifiers(
    tenantId: string,
    customerId: string,
    identifiers: { type: string; value: string; verified: boolean }[],
  ): Promise<void> {
    for (const i of identifiers) {
      await this.dataSource.query(
        `INSERT INTO identities (tenant_id, customer_id, type, value, verified) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, type, value) DO NOTHING`,
        [tenantId, customerId, i.type, i.value, i.verified],
      );
    }
  }

  findCustomer(tenantId: string, id: string): Promise<CustomerEntity | null> {
    return this.dataSource.getRepository(CustomerEntity).findOne({ where: { tenantId, id } });
  }

  findIdentities(tenantId: string, customerId: string): Promise<IdentityEntity[]> {
    return this.dataSource
      .getRepository(IdentityEntity)
      .find({ where: { tenantId, customerId }, order: { firstSeenAt: 'ASC' } });
  }
}
