import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { CheckoutV1 } from '@concierge/contracts';
import { PromotionsUseCase } from '../use-cases/promotions.use-case';

@Controller()
export class PromotionsGrpcController implements Partial<CheckoutV1.CheckoutServiceController> {
  constructor(private readonly promotions: PromotionsUseCase) {}

  @GrpcMethod('CheckoutService')
  upsertPromotion(req: CheckoutV1.UpsertPromotionRequest): Promise<CheckoutV1.UpsertPromotionResponse> {
    return this.promotions.upsert(req);
  }

  @GrpcMethod('CheckoutService')
  issueCompensationCoupon(req: CheckoutV1.IssueCompensationCouponRequest): Promise<CheckoutV1.IssueCompensationCouponResponse> {
    return this.promotions.issueCompensation(req);
  }

  @GrpcMethod('CheckoutService')
  async setCompensationPolicy(req: CheckoutV1.SetCompensationPolicyRequest): Promise<CheckoutV1.SetCompensationPolicyResponse> {
    await this.promotions.setPolicy(req);
    return {};
  }
}
