import { Module } from '@nestjs/common';
import { InsightsGrpcController } from './grpc/insights.grpc.controller';
import { PlatformEventsConsumer } from './kafka/platform-events.consumer';
import { MetricsRepository } from './persistence/metrics.repository';
import { CountEventUseCase } from './use-cases/count-event/count-event.use-case';
import { GetDashboardUseCase } from './use-cases/get-dashboard/get-dashboard.use-case';

@Module({
  controllers: [InsightsGrpcController],
  providers: [MetricsRepository, CountEventUseCase, GetDashboardUseCase, PlatformEventsConsumer],
})
export class MetricsModule {}
