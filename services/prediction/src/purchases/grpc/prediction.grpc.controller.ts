import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { PredictionV1, toTimestamp } from '@concierge/contracts';
import { GetPurchaseHistoryUseCase } from '../use-cases/get-purchase-history/get-purchase-history.use-case';

@Controller()
export class PredictionGrpcController implements Partial<PredictionV1.PredictionServiceController> {
  constructor(private readonly getHistory: GetPurchaseHistoryUseCase) {}

  @GrpcMethod('PredictionService')
  async getPurchaseHistory(req: PredictionV1.GetPurchaseHistoryRequest): Promise<PredictionV1.GetPurchaseHistoryResponse> {
    const purchases = await this.getHistory.execute({ tenantId: req.tenantId, customerId: req.customerId });
    return {
      purchases: purchases.map((p) => ({
        orderId: p.orderId,
        productId: p.productId,
        quantity: p.quantity,
        purchasedAt: toTimestamp(p.purchasedAt),
      })),
    };
  }
}
