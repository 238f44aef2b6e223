import { Module } from '@nestjs/common';
import { CustomerDirectory } from '@concierge/persistence';
import { TimelineConsumer } from './kafka/timeline.consumer';
import { TimelineRepository } from './persistence/timeline.repository';
import { RecordTimelineItemUseCase } from './use-cases/record-timeline-item/record-timeline-item.use-case';

@Module({
  providers: [CustomerDirectory, TimelineRepository, RecordTimelineItemUseCase, TimelineConsumer],
  exports: [TimelineRepository, CustomerDirectory],
})
export class TimelineModule {}
