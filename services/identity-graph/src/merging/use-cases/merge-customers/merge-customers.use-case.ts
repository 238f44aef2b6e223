import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { requireCustomerId, requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { inTransaction } from '../../../identity/persistence/transaction';
import { findConflict, pickSurvivor } from '../../domain/merge-rules';
import { MergeRepository } from '../../persistence/merge.repository';

export interface MergeCustomersCommand {
  tenantId: string;
  /** Empty: chosen by rule (has CRM id, else oldest). */
  survivorCustomerId: string;
  mergedCustomerId: string;
  reason: string;
  force: boolean;
}

/** An operator's merge: refused on a conflict unless forced; reversible with UnmergeCustomer. */
@Injectable()
export class MergeCustomersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly merges: MergeRepository,
  ) {}

  async execute(cmd: MergeCustomersCommand): Promise<{ survivorCustomerId: string; mergeId: string }> {
    const tenantId = requireTenant(cmd.tenantId);
    const first = requireCustomerId(cmd.survivorCustomerId, 'survivor_customer_id');
    const second = requireCustomerId(cmd.mergedCustomerId, 'merged_customer_id');
    return inTransaction(this.dataSource, (m) => this.within(m, tenantId, first, second, cmd.reason, cmd.force, true));
  }

  /** `keepFirst`: the first id survives; otherwise the rule decides. */
  async within(m: EntityManager, tenantId: string, first: string, second: string, reason: string, force: boolean, keepFirst: boolean) {
    if (first === second) throw new IdentityException(IdentityErrorCode.MergeSameCustomer, 'a customer cannot be merged into itself');
    const locked = await this.merges.lock(m, tenantId, [first, second]);
    for (const id of [first, second]) {
      const c = locked.get(id);
      if (!c) throw new IdentityException(IdentityErrorCode.CustomerNotFound, `customer ${id} not found`);
      if (c.status === 'erased') throw new IdentityException(IdentityErrorCode.CustomerErased, `customer ${id} was erased`);
      if (c.status !== 'active')
        throw new IdentityException(IdentityErrorCode.MergeConflict, `customer ${id} was already merged into ${c.mergedInto}`);
    }
    const [a, b] = [locked.get(first)!, locked.get(second)!];
    const conflict = findConflict(a, b);
    if (conflict && !force) throw new IdentityException(IdentityErrorCode.MergeConflict, `not merged: ${conflict} (set force to merge anyway)`);
    const { survivor, merged } = keepFirst ? { survivor: a, merged: b } : pickSurvivor(a, b);
    const mergeId = await this.merges.merge(m, tenantId, survivor, merged, (reason || 'merged by an operator').slice(0, 500), false);
    return { survivorCustomerId: survivor.id, mergeId };
  }
}
