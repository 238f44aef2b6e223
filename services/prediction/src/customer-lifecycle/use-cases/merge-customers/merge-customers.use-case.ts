import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomerErrorCode, CustomerException } from '../../../customers/domain/customer.exception';
import { CustomerActivityRepository } from '../../../customers/persistence/customer-activity.repository';
import { CustomerDirectory } from '@concierge/persistence';
import { PurchaseRepository } from '../../../purchases/persistence/purchase.repository';
import { ForecastingRepository } from '../../../forecasting/persistence/forecasting.repository';
import { ScoreCustomerUseCase } from '../../../forecasting/use-cases/score-customer/score-customer.use-case';
import { EraseCustomerUseCase } from '../erase-customer/erase-customer.use-case';

export interface MergeCustomersCommand {
  tenantId: string;
  survivorCustomerId: string;
  mergedCustomerId: string;
  mergedAt: Date;
}

/** Moves the merged customer's purchases and activity to the survivor, and remembers the merge for late events. */
@Injectable()
export class MergeCustomersUseCase {
  constructor(
    private readonly directory: CustomerDirectory,
    private readonly purchases: PurchaseRepository,
    private readonly activity: CustomerActivityRepository,
    private readonly erase: EraseCustomerUseCase,
    private readonly forecasting: ForecastingRepository,
    private readonly score: ScoreCustomerUseCase,
  ) {}

  async execute(m: EntityManager, cmd: MergeCustomersCommand): Promise<void> {
    const { tenantId, mergedCustomerId } = cmd;
    const survivor = await this.directory.resolve(m, tenantId, cmd.survivorCustomerId);
    if (survivor.customerId === mergedCustomerId)
      throw new CustomerException(CustomerErrorCode.MergeInvalid, 'a customer cannot be merged into itself');
    // The survivor was erased before this merge arrived: the merged customer's data goes with it.
    if (survivor.erased) return this.erase.execute(m, { tenantId, customerId: mergedCustomerId, erasedAt: cmd.mergedAt });
    await this.directory.recordMerge(m, tenantId, mergedCustomerId, survivor.customerId, cmd.mergedAt);
    await this.purchases.rekey(m, tenantId, mergedCustomerId, survivor.customerId);
    await this.activity.fold(m, tenantId, mergedCustomerId, survivor.customerId);
    await this.forecasting.rekey(m, tenantId, mergedCustomerId, survivor.customerId);
    // The survivor's intervals now include the merged purchases: its forecasts change.
    await this.score.execute(m, tenantId, survivor.customerId, new Date());
  }
}
