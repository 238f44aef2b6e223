import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { InsightsV1 } from '@concierge/contracts';
import { GetDashboardUseCase } from '../use-cases/get-dashboard/get-dashboard.use-case';

@Controller()
export class InsightsGrpcController implements Partial<InsightsV1.InsightsServiceController> {
  constructor(private readonly dashboard: GetDashboardUseCase) {}

  @GrpcMethod('InsightsService')
  async getDashboard(req: InsightsV1.GetDashboardRequest): Promise<InsightsV1.GetDashboardResponse> {
    const d = await this.dashboard.execute({ tenantId: req.tenantId, range: { from: req.range?.from ?? undefined, to: req.range?.to ?? undefined } });
    return { ...d, topTopics: [], openAlerts: [] };
  }
}
