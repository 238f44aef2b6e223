import { Injectable, OnModuleInit } from '@nestjs/common';
import { followCustomerLifecycle, IdempotentConsumer } from '@concierge/kafka';
import { RecordErasureUseCase } from '../use-cases/record-erasure/record-erasure.use-case';
import { RecordMergeUseCase } from '../use-cases/record-merge/record-merge.use-case';
import { RecordUnmergeUseCase } from '../use-cases/record-unmerge/record-unmerge.use-case';

/** Follows identity-graph's merges, unmerges and erasures. */
@Injectable()
export class CustomerLifecycleConsumer implements OnModuleInit {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly merge: RecordMergeUseCase,
    private readonly erasure: RecordErasureUseCase,
    private readonly unmerge: RecordUnmergeUseCase,
  ) {}

  onModuleInit(): void {
    followCustomerLifecycle(this.consumer, {
      merged: (m, cmd) => this.merge.execute(m, cmd),
      unmerged: (m, cmd) => this.unmerge.execute(m, cmd),
      erased: (m, cmd) => this.erasure.execute(m, cmd),
    });
  }
}
