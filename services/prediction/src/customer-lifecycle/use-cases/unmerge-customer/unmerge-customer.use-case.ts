import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface UnmergeCustomerCommand {
  tenantId: string;
  restoredCustomerId: string;
}

/**
 * A merge was undone: the restored id stops pointing at the survivor, so its new orders and messages build
 * its own history again. Purchases moved at merge time cannot be told apart and stay with the survivor.
 */
@Injectable()
export class UnmergeCustomerUseCase {
  async execute(m: EntityManager, { tenantId, restoredCustomerId }: UnmergeCustomerCommand): Promise<void> {
    await m.query(`DELETE FROM customer_aliases WHERE tenant_id = $1 AND merged_customer_id = $2`, [tenantId, restoredCustomerId]);
  }
}
