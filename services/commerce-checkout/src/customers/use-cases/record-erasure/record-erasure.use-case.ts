import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomerDirectory } from '@concierge/persistence';
import { CustomerDataRepository } from '../../persistence/customer-data.repository';

export interface RecordErasureCommand {
  tenantId: string;
  customerId: string;
  erasedAt: Date;
}

/** Tombstones an erased person under every id they were known by and anonymizes their carts, orders and points. */
@Injectable()
export class RecordErasureUseCase {
  constructor(
    private readonly directory: CustomerDirectory,
    private readonly data: CustomerDataRepository,
  ) {}

  async execute(m: EntityManager, { tenantId, customerId, erasedAt }: RecordErasureCommand): Promise<void> {
    const target = await this.directory.resolve(m, tenantId, customerId);
    const ids = await this.directory.recordErasure(m, tenantId, [...new Set([customerId, target.customerId])], erasedAt);
    await this.data.anonymize(m, tenantId, ids);
  }
}
