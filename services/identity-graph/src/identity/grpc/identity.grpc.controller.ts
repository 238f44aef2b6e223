import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { IdentityV1 } from '@concierge/contracts';
import { ResolveIdentityUseCase } from '../use-cases/resolve-identity/resolve-identity.use-case';
import { GetCustomerUseCase } from '../use-cases/get-customer/get-customer.use-case';
import { GetCustomerContextUseCase } from '../use-cases/get-customer-context/get-customer-context.use-case';
import { toConsentProto, toCustomerProto, toFactProto, toTimelineItemProto, toTraitProto } from './identity.mapper';

@Controller()
export class IdentityGrpcController implements Partial<IdentityV1.IdentityServiceController> {
  constructor(
    private readonly resolve: ResolveIdentityUseCase,
    private readonly getCustomerUseCase: GetCustomerUseCase,
    private readonly getContext: GetCustomerContextUseCase,
  ) {}

  @GrpcMethod('IdentityService')
  async resolveIdentity(req: IdentityV1.ResolveIdentityRequest): Promise<IdentityV1.ResolveIdentityResponse> {
    return this.resolve.execute({
      tenantId: req.tenantId,
      type: req.type,
      value: req.value,
      hints: req.hints ?? [],
      displayName: req.displayName,
      locale: req.locale,
      verified: req.verified,
      defaultRegion: req.defaultRegion,
      source: req.source,
    });
  }

  @GrpcMethod('IdentityService')
  async getCustomer(req: IdentityV1.GetCustomerRequest): Promise<IdentityV1.GetCustomerResponse> {
    return { customer: toCustomerProto(await this.getCustomerUseCase.execute(req)) };
  }

  @GrpcMethod('IdentityService')
  async getCustomerContext(req: IdentityV1.GetCustomerContextRequest): Promise<IdentityV1.GetCustomerContextResponse> {
    const ctx = await this.getContext.execute(req);
    return {
      customer: toCustomerProto(ctx),
      traits: ctx.traits.map(toTraitProto),
      facts: ctx.facts.map(toFactProto),
      recentTimeline: ctx.recent.map(toTimelineItemProto),
      historyDigest: ctx.digest,
      totalTimelineItems: ctx.total,
      consents: ctx.consents.map(toConsentProto),
    };
  }
}
