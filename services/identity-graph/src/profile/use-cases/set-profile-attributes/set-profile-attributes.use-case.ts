import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { CustomerLookup } from '../../../identity/persistence/customer-lookup';
import { inTransaction } from '../../../identity/persistence/transaction';
import { COLUMN_ATTRIBUTES, validateAttribute } from '../../domain/profile-rules';

export interface SetProfileAttributesCommand {
  tenantId: string;
  customerId: string;
  attributes: { key: string; value: string; source?: string }[];
  source: string;
}

/** Stores zero-party data with its source and time; an empty value removes the attribute. */
@Injectable()
export class SetProfileAttributesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: SetProfileAttributesCommand): Promise<string> {
    const tenantId = requireTenant(cmd.tenantId);
    const id = requireCustomerId(cmd.customerId);
    if (!cmd.attributes.length) throw new IdentityException(IdentityErrorCode.AttributeInvalid, 'attributes must not be empty');
    if (cmd.attributes.length > 100) throw new IdentityException(IdentityErrorCode.AttributeInvalid, 'at most 100 attributes per call');
    const attrs = cmd.attributes.map((a) => ({ ...validateAttribute(a.key, a.value), source: (a.source || cmd.source || 'api').trim().slice(0, 100) }));
    return inTransaction(this.dataSource, async (m) => {
      const customer = await this.lookup.requireActive(m, tenantId, id, true);
      const changed = await this.apply(m, tenantId, customer.id, attrs);
      if (changed.length)
        await this.outbox.add(m, {
          event: Events.profileUpdated,
          key: customer.id,
          tenantId,
          payload: { tenantId, customerId: customer.id, changedFields: changed.map((k) => `attributes.${k}`), updatedAt: toTimestamp(new Date()) },
        });
      return customer.id;
    });
  }

  /** Writes the attributes (and the customer columns they mirror); returns the keys whose value changed. */
  async apply(m: EntityManager, tenantId: string, customerId: string, attrs: { key: string; value: string; source: string }[]): Promise<string[]> {
    const changed: string[] = [];
    for (const a of attrs) {
      const rows: unknown[] = a.value
        ? await m.query(
            `WITH x AS (INSERT INTO profile_attributes AS p (customer_id, key, tenant_id, value, source, updated_at) VALUES ($1, $2, $3, $4, $5, now())
             ON CONFLICT (customer_id, key) DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source, updated_at = now()
             WHERE p.value IS DISTINCT FROM EXCLUDED.value OR p.source IS DISTINCT FROM EXCLUDED.source RETURNING 1) SELECT * FROM x`,
            [customerId, a.key, tenantId, a.value, a.source],
          )
        : await m.query(`WITH x AS (DELETE FROM profile_attributes WHERE customer_id = $1 AND key = $2 RETURNING 1) SELECT * FROM x`, [customerId, a.key]);
      if (rows.length) changed.push(a.key);
      const column = COLUMN_ATTRIBUTES[a.key];
      if (column) {
        const sql = { displayName: 'display_name', locale: 'locale', timezone: 'timezone' }[column];
        await m.query(`UPDATE customers SET ${sql} = $2, updated_at = now() WHERE id = $1`, [customerId, a.value.slice(0, 200)]);
      }
    }
    return changed;
  }
}
