import { Module } from '@nestjs/common';
import { TimelineConsumer } from './kafka/timeline.consumer';
import { TimelineRepository } from './persistence/timeline.repository';
import { RecordTimelineItemUseCase } from './use-cases/record-timeline-item/record-timeline-item.use-case';

@Module({
  providers: [TimelineRepository, RecordTimelineItemUseCase, TimelineConsumer],
  exports: [TimelineRepository],
})
export class TimelineModule {}
