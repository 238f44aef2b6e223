import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { fromTimestamp, IdentityV1 } from '@concierge/contracts';
import { toCustomerProto, toFactProto, toTraitProto } from '../../identity/grpc/identity.mapper';
import { GetCustomerUseCase } from '../../identity/use-cases/get-customer/get-customer.use-case';
import { SetProfileAttributesUseCase } from '../use-cases/set-profile-attributes/set-profile-attributes.use-case';
import { SetTraitUseCase } from '../use-cases/set-trait/set-trait.use-case';
import { RememberFactUseCase } from '../use-cases/remember-fact/remember-fact.use-case';

@Controller()
export class ProfileGrpcController implements Partial<IdentityV1.IdentityServiceController> {
  constructor(
    private readonly setAttributes: SetProfileAttributesUseCase,
    private readonly customers: GetCustomerUseCase,
    private readonly setTraitUseCase: SetTraitUseCase,
    private readonly remember: RememberFactUseCase,
  ) {}

  @GrpcMethod('IdentityService')
  async setProfileAttributes(req: IdentityV1.SetProfileAttributesRequest): Promise<IdentityV1.SetProfileAttributesResponse> {
    const customerId = await this.setAttributes.execute({ tenantId: req.tenantId, customerId: req.customerId, attributes: req.attributes ?? [], source: req.source });
    return { customer: toCustomerProto(await this.customers.execute({ tenantId: req.tenantId, customerId })) };
  }

  @GrpcMethod('IdentityService')
  async setTrait(req: IdentityV1.SetTraitRequest): Promise<IdentityV1.SetTraitResponse> {
    return { trait: toTraitProto(await this.setTraitUseCase.execute(req)) };
  }

  @GrpcMethod('IdentityService')
  async rememberFact(req: IdentityV1.RememberFactRequest): Promise<IdentityV1.RememberFactResponse> {
    const fact = await this.remember.execute({ ...req, expiresAt: fromTimestamp(req.expiresAt) });
    return { fact: toFactProto(fact) };
  }
}
