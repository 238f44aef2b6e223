import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomerErrorCode, CustomerException } from '../../domain/customer.exception';
import { CustomerDirectory } from '@concierge/persistence';
import { CustomerDataRepository } from '../../persistence/customer-data.repository';
import { RecordErasureUseCase } from '../record-erasure/record-erasure.use-case';

export interface RecordMergeCommand {
  tenantId: string;
  survivorCustomerId: string;
  mergedCustomerId: string;
  mergedAt: Date;
}

/** Remembers that a merged-away customer id now stands for the survivor, and moves its carts, orders and points there. */
@Injectable()
export class RecordMergeUseCase {
  constructor(
    private readonly directory: CustomerDirectory,
    private readonly erasure: RecordErasureUseCase,
    private readonly data: CustomerDataRepository,
  ) {}

  async execute(m: EntityManager, cmd: RecordMergeCommand): Promise<void> {
    const { tenantId, mergedCustomerId } = cmd;
    const survivor = await this.directory.resolve(m, tenantId, cmd.survivorCustomerId);
    if (survivor.customerId === mergedCustomerId)
      throw new CustomerException(CustomerErrorCode.MergeInvalid, 'a customer cannot be merged into itself');
    // The survivor was erased before this merge arrived: the merged id is the same erased person.
    if (survivor.erased) return this.erasure.execute(m, { tenantId, customerId: mergedCustomerId, erasedAt: cmd.mergedAt });
    await this.directory.recordMerge(m, tenantId, mergedCustomerId, survivor.customerId, cmd.mergedAt);
    await this.data.move(m, tenantId, mergedCustomerId, survivor.customerId);
  }
}
