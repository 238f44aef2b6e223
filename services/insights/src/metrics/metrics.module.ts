import { Module } from '@nestjs/common';
import { AlertsRepository } from '../alerts/persistence/alerts.repository';
import { DeliverWebhooksUseCase } from '../alerts/use-cases/deliver-webhooks/deliver-webhooks.use-case';
import { EvaluateAlertsUseCase } from '../alerts/use-cases/evaluate-alerts/evaluate-alerts.use-case';
import { ManageAlertsUseCase } from '../alerts/use-cases/manage-alerts/manage-alerts.use-case';
import { LlmRefiner } from '../facts/llm/llm-refiner';
import { PublishFactsUseCase } from '../facts/use-cases/publish-facts/publish-facts.use-case';
import { RecordFactUseCase } from '../facts/use-cases/record-fact/record-fact.use-case';
import { InsightsGrpcController } from './grpc/insights.grpc.controller';
import { PlatformEventsConsumer } from './kafka/platform-events.consumer';
import { InsightsQueriesRepository } from './persistence/insights-queries.repository';
import { MetricsRepository } from './persistence/metrics.repository';
import { CountEventUseCase } from './use-cases/count-event/count-event.use-case';
import { GetDashboardUseCase } from './use-cases/get-dashboard/get-dashboard.use-case';
import { GetInsightsUseCase } from './use-cases/get-insights/get-insights.use-case';
import { PublishRollupsUseCase } from './use-cases/publish-rollups/publish-rollups.use-case';
import { RecordOutcomeUseCase } from './use-cases/record-outcome/record-outcome.use-case';

const providers = [
  MetricsRepository, InsightsQueriesRepository, AlertsRepository, CountEventUseCase, GetDashboardUseCase, GetInsightsUseCase, RecordOutcomeUseCase,
  PublishRollupsUseCase, LlmRefiner, PublishFactsUseCase, RecordFactUseCase, EvaluateAlertsUseCase, DeliverWebhooksUseCase, ManageAlertsUseCase,
  PlatformEventsConsumer,
];

@Module({
  controllers: [InsightsGrpcController],
  providers,
  exports: providers,
})
export class MetricsModule {}
