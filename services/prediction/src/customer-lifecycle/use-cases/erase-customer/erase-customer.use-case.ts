import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomerActivityRepository } from '../../../customers/persistence/customer-activity.repository';
import { CustomerDirectory } from '@concierge/persistence';
import { ForecastingRepository } from '../../../forecasting/persistence/forecasting.repository';
import { PurchaseRepository } from '../../../purchases/persistence/purchase.repository';

export interface EraseCustomerCommand {
  tenantId: string;
  customerId: string;
  erasedAt: Date;
}

/** Deletes everything this service holds about a person, under every id they were known by. */
@Injectable()
export class EraseCustomerUseCase {
  constructor(
    private readonly directory: CustomerDirectory,
    private readonly purchases: PurchaseRepository,
    private readonly activity: CustomerActivityRepository,
    private readonly forecasting: ForecastingRepository,
  ) {}

  async execute(m: EntityManager, { tenantId, customerId, erasedAt }: EraseCustomerCommand): Promise<void> {
    const target = await this.directory.resolve(m, tenantId, customerId);
    const ids = await this.directory.recordErasure(m, tenantId, [...new Set([customerId, target.customerId])], erasedAt);
    await this.purchases.deleteCustomers(m, tenantId, ids);
    await this.activity.deleteCustomers(m, tenantId, ids);
    await this.forecasting.deleteCustomers(m, tenantId, ids);
  }
}
