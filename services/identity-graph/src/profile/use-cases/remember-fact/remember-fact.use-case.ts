import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Events, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { CustomerLookup } from '../../../identity/persistence/customer-lookup';
import { inTransaction } from '../../../identity/persistence/transaction';
import { validateFact } from '../../domain/profile-rules';
import { MemoryFactEntity } from '../../persistence/memory-fact.entity';

export interface RememberFactCommand {
  tenantId: string;
  customerId: string;
  subject: string;
  fact: string;
  sourceTurnId: string;
  confidence: number;
  expiresAt?: Date;
}

/** Remembers what the agent was asked to; the same fact again refreshes it instead of piling up copies. */
@Injectable()
export class RememberFactUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CustomerLookup,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: RememberFactCommand): Promise<MemoryFactEntity> {
    const tenantId = requireTenant(cmd.tenantId);
    const id = requireCustomerId(cmd.customerId);
    const f = validateFact(cmd.subject, cmd.fact, cmd.confidence, cmd.expiresAt);
    return inTransaction(this.dataSource, async (m) => {
      const customer = await this.lookup.requireActive(m, tenantId, id, true);
      const same = await m.findOne(MemoryFactEntity, { where: { tenantId, customerId: customer.id, subject: f.subject, fact: f.fact } });
      const fact: MemoryFactEntity = {
        id: same?.id ?? randomUUID(),
        tenantId,
        customerId: customer.id,
        subject: f.subject,
        fact: f.fact,
        sourceTurnId: (cmd.sourceTurnId ?? '').trim().slice(0, 200),
        confidence: f.confidence,
        expiresAt: cmd.expiresAt ?? null,
        createdAt: same?.createdAt ?? new Date(),
      };
      await m.save(MemoryFactEntity, fact);
      await this.outbox.add(m, {
        event: Events.profileUpdated,
        key: customer.id,
        tenantId,
        payload: { tenantId, customerId: customer.id, changedFields: ['facts'], updatedAt: toTimestamp(new Date()) },
      });
      return fact;
    });
  }
}
