import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { InsightsV1 } from '@concierge/contracts';
import { ManageAlertsUseCase } from '../../alerts/use-cases/manage-alerts/manage-alerts.use-case';
import { GetInsightsUseCase } from '../use-cases/get-insights/get-insights.use-case';

@Controller()
export class InsightsGrpcController implements InsightsV1.InsightsServiceController {
  constructor(
    private readonly insights: GetInsightsUseCase,
    private readonly alerts: ManageAlertsUseCase,
  ) {}

  @GrpcMethod('InsightsService')
  getDashboard(req: InsightsV1.GetDashboardRequest): Promise<InsightsV1.GetDashboardResponse> {
    return this.insights.dashboard({ tenantId: req.tenantId, range: { from: req.range?.from ?? undefined, to: req.range?.to ?? undefined } });
  }

  @GrpcMethod('InsightsService')
  listTopics(req: InsightsV1.ListTopicsRequest): Promise<InsightsV1.ListTopicsResponse> {
    return this.insights.topics(req);
  }

  @GrpcMethod('InsightsService')
  listAlerts(req: InsightsV1.ListAlertsRequest): Promise<InsightsV1.ListAlertsResponse> {
    return this.insights.alertsPage(req);
  }

  @GrpcMethod('InsightsService')
  async acknowledgeAlert(req: InsightsV1.AcknowledgeAlertRequest): Promise<InsightsV1.AcknowledgeAlertResponse> {
    return { alert: await this.alerts.acknowledge(req.tenantId, req.alertId) };
  }

  @GrpcMethod('InsightsService')
  getMetrics(req: InsightsV1.GetMetricsRequest): Promise<InsightsV1.GetMetricsResponse> {
    return this.insights.metrics(req);
  }

  @GrpcMethod('InsightsService')
  getMeaningCloud(req: InsightsV1.GetMeaningCloudRequest): Promise<InsightsV1.GetMeaningCloudResponse> {
    return this.insights.meaningCloud(req);
  }

  @GrpcMethod('InsightsService')
  async listAlertRules(req: InsightsV1.ListAlertRulesRequest): Promise<InsightsV1.ListAlertRulesResponse> {
    return { rules: await this.alerts.rules(req.tenantId) };
  }

  @GrpcMethod('InsightsService')
  async putAlertRule(req: InsightsV1.PutAlertRuleRequest): Promise<InsightsV1.PutAlertRuleResponse> {
    return { rule: await this.alerts.putRule(req.rule) };
  }
}
