import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid, requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { inTransaction } from '../../../identity/persistence/transaction';
import { MergeRepository } from '../../persistence/merge.repository';

/** Splits a merge back into the two customers it joined. */
@Injectable()
export class UnmergeCustomerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly merges: MergeRepository,
  ) {}

  async execute(cmd: { tenantId: string; mergeId: string }): Promise<string[]> {
    const tenantId = requireTenant(cmd.tenantId);
    if (!isUuid(cmd.mergeId)) throw new IdentityException(IdentityErrorCode.MergeNotFound, 'merge_id must be the UUID a merge returned');
    return inTransaction(this.dataSource, (m) => this.merges.unmerge(m, tenantId, cmd.mergeId.toLowerCase()));
  }
}
