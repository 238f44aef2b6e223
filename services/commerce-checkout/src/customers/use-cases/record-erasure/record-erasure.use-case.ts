import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomerDirectory } from '@concierge/persistence';

export interface RecordErasureCommand {
  tenantId: string;
  customerId: string;
  erasedAt: Date;
}

/** Tombstones an erased person under every id they were known by; nothing else about them is stored yet. */
@Injectable()
export class RecordErasureUseCase {
  constructor(private readonly directory: CustomerDirectory) {}

  async execute(m: EntityManager, { tenantId, customerId, erasedAt }: RecordErasureCommand): Promise<void> {
    const target = await this.directory.resolve(m, tenantId, customerId);
    await this.directory.recordErasure(m, tenantId, [...new Set([customerId, target.customerId])], erasedAt);
  }
}
