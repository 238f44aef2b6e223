import { Injectable } from '@nestjs/common';
import { TimelineRepository } from '../../../timeline/persistence/timeline.repository';
import { TimelineItemEntity } from '../../../timeline/persistence/timeline-item.entity';
import { CustomerView, GetCustomerUseCase } from '../get-customer/get-customer.use-case';

export const MAX_RECENT_ITEMS = 50;
const DEFAULT_RECENT_ITEMS = 20;

export interface CustomerContext extends CustomerView {
  recent: TimelineItemEntity[];
  total: number;
  digest: string;
}

/** A bounded view for the agent: the profile, the last N timeline items, a digest of the rest. */
@Injectable()
export class GetCustomerContextUseCase {
  constructor(
    private readonly getCustomer: GetCustomerUseCase,
    private readonly timeline: TimelineRepository,
  ) {}

  async execute(query: { tenantId: string; customerId: string; recentItems: number }): Promise<CustomerContext> {
    const view = await this.getCustomer.execute(query);
    const limit = Math.min(Math.max(query.recentItems || DEFAULT_RECENT_ITEMS, 1), MAX_RECENT_ITEMS);
    const [recent, stats] = await Promise.all([
      this.timeline.recent(view.customer.tenantId, view.customer.id, limit),
      this.timeline.stats(view.customer.tenantId, view.customer.id),
    ]);
    const older = stats.total - recent.length;
    const digest =
      older > 0
        ? `${older} earlier timeline items since ${stats.firstAt?.toISOString().slice(0, 10)} on ${stats.channels.join(', ')}`
        : '';
    return { ...view, recent, total: stats.total, digest };
  }
}
