import { Injectable, OnModuleInit } from '@nestjs/common';
import { followCustomerLifecycle, IdempotentConsumer } from '@concierge/kafka';
import { EraseCustomerUseCase } from '../use-cases/erase-customer/erase-customer.use-case';
import { MergeCustomersUseCase } from '../use-cases/merge-customers/merge-customers.use-case';
import { UnmergeCustomerUseCase } from '../use-cases/unmerge-customer/unmerge-customer.use-case';

/** Follows identity-graph's merges, unmerges and erasures. */
@Injectable()
export class CustomerLifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly merge: MergeCustomersUseCase,
    private readonly erase: EraseCustomerUseCase,
    private readonly unmerge: UnmergeCustomerUseCase,
  ) {}

  onModuleInit(): void {
    followCustomerLifecycle(this.consumer, {
      merged: (m, cmd) => this.merge.execute(m, cmd),
      unmerged: (m, cmd) => this.unmerge.execute(m, cmd),
      erased: (m, cmd) => this.erase.execute(m, cmd),
    });
  }
}
