import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface RecordUnmergeCommand {
  tenantId: string;
  restoredCustomerId: string;
}

/**
 * identity-graph undid a merge: the restored id stands for itself again. Carts, orders and points
 * that moved at the merge stay with the survivor (after the move nothing tells them apart).
 */
@Injectable()
export class RecordUnmergeUseCase {
  async execute(m: EntityManager, cmd: RecordUnmergeCommand): Promise<void> {
    await m.query(`DELETE FROM customer_aliases WHERE tenant_id = $1 AND merged_customer_id = $2`, [cmd.tenantId, cmd.restoredCustomerId]);
  }
}
