import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { CustomerLookup } from '../../../identity/persistence/customer-lookup';
import { inTransaction } from '../../../identity/persistence/transaction';
import { validateTrait } from '../../domain/profile-rules';
import { TraitEntity } from '../../persistence/trait.entity';

export interface SetTraitCommand {
  tenantId: string;
  customerId: string;
  trait?: { name: string; value: string; confidence: number; source: string };
}

/** Records what another service inferred (decision style, usual mood, best contact hour, preferred channel). */
@Injectable()
export class SetTraitUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: SetTraitCommand): Promise<TraitEntity> {
    const tenantId = requireTenant(cmd.tenantId);
    const id = requireCustomerId(cmd.customerId);
    if (!cmd.trait) throw new IdentityException(IdentityErrorCode.TraitInvalid, 'trait is required');
    const t = validateTrait(cmd.trait.name, cmd.trait.value, cmd.trait.confidence);
    const source = (cmd.trait.source || 'api').trim().slice(0, 100);
    return inTransaction(this.dataSource, async (m) => {
      const customer = await this.lookup.requireActive(m, tenantId, id);
      const [before]: { value: string }[] = await m.query(`SELECT value FROM customer_traits WHERE customer_id = $1 AND name = $2 FOR UPDATE`, [customer.id, t.name]);
      await m.query(
        `INSERT INTO customer_traits (customer_id, name, tenant_id, value, confidence, source, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (customer_id, name) DO UPDATE SET value = EXCLUDED.value, confidence = EXCLUDED.confidence, source = EXCLUDED.source, updated_at = now()`,
        [customer.id, t.name, tenantId, t.value, t.confidence, source],
      );
      // Confidence is refined on every turn; only a new value is news for other services.
      if (before?.value !== t.value)
        await this.outbox.add(m, {
          event: Events.profileUpdated,
          key: customer.id,
          tenantId,
          payload: { tenantId, customerId: customer.id, changedFields: [`traits.${t.name}`], updatedAt: toTimestamp(new Date()) },
        });
      return m.findOneByOrFail(TraitEntity, { customerId: customer.id, name: t.name });
    });
  }
}
