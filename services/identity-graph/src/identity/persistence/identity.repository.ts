import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { pgPool } from '@concierge/persistence';
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
    const { rows } = await pgPool(this.dataSource).query<{ customer_id: string }>(
      `SELECT customer_id FROM identities WHERE tenant_id = $1 AND type = $2 AND value = $3`,
      [tenantId, type, value],
    );
    return rows[0]?.customer_id;
  }

  async findHolder(tenantId: string, type: string, value: string): Promise<{ customerId: string; verified: boolean } | undefined> {
    const [row]: { customer_id: string; verified: boolean }[] = await this.dataSource.query(
      `SELECT customer_id, verified FROM identities WHERE tenant_id = $1 AND type = $2 AND value = $3`,
      [tenantId, type, value],
    );
    return row ? { customerId: row.customer_id, verified: row.verified } : undefined;
  }

  /**
   * Creates a customer owning the identifier, unless a concurrent call claimed it first: then
   * returns the winner's customer id. One statement, so first contact costs one round trip: the
   * identifier is claimed first (ON CONFLICT DO NOTHING) and the customer row and its name/locale
   * attributes are written only from that claim, so a lost race writes nothing.
   */
  async createCustomerWithIdentifier(customer: NewCustomer, identifier: IdentifierClaim): Promise<{ customerId: string; created: boolean }> {
    // Two tries: the claim that beat us could be erased before we read it.
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryCreateCustomerWithIdentifier(customer, identifier);
      if (outcome || attempt === 2) return outcome ?? Promise.reject(new Error(`identifier ${identifier.type} kept changing while being claimed`));
    }
  }

  private async tryCreateCustomerWithIdentifier(customer: NewCustomer, identifier: IdentifierClaim): Promise<{ customerId: string; created: boolean } | undefined> {
    const { rows: created } = await pgPool(this.dataSource).query<{ id: string }>(
      `WITH claim AS (
         INSERT INTO identities (tenant_id, customer_id, type, value, verified, source)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, type, value) DO NOTHING RETURNING customer_id
       ), customer AS (
         INSERT INTO customers (id, tenant_id, display_name, locale) SELECT customer_id, $1, $7, $8 FROM claim RETURNING id
       ), attributes AS (
         INSERT INTO profile_attributes (customer_id, key, tenant_id, value, source)
         SELECT customer.id, a.key, $1, a.value, $6 FROM customer, (VALUES ('name', $7::text), ('locale', $8::text)) AS a (key, value)
         WHERE a.value <> ''
       )
       SELECT id FROM customer`,
      [customer.tenantId, randomUUID(), identifier.type, identifier.value, identifier.verified, identifier.source, customer.displayName, customer.locale],
    );
    if (created.length) return { customerId: created[0].id, created: true };
    const existing = await this.findCustomerIdByIdentifier(customer.tenantId, identifier.type, identifier.value);
    return existing ? { customerId: existing, created: false } : undefined;
  }

  findCustomer(tenantId: string, id: string): Promise<CustomerEntity | null> {
    return this.dataSource.getRepository(CustomerEntity).findOne({ where: { tenantId, id } });
  }

  findIdentities(tenantId: string, customerId: string, m: EntityManager = this.dataSource.manager): Promise<IdentityEntity[]> {
    return m.getRepository(IdentityEntity).find({ where: { tenantId, customerId }, order: { firstSeenAt: 'ASC', type: 'ASC' } });
  }
}
