import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { IdentityV1, toTimestamp } from '@concierge/contracts';
import { ExportCustomerUseCase } from '../use-cases/export-customer/export-customer.use-case';
import { EraseCustomerUseCase } from '../use-cases/erase-customer/erase-customer.use-case';

@Controller()
export class PrivacyGrpcController implements Partial<IdentityV1.IdentityServiceController> {
  constructor(
    private readonly exportUseCase: ExportCustomerUseCase,
    private readonly erase: EraseCustomerUseCase,
  ) {}

  @GrpcMethod('IdentityService')
  async exportCustomer(req: IdentityV1.ExportCustomerRequest): Promise<IdentityV1.ExportCustomerResponse> {
    return { json: await this.exportUseCase.execute(req) };
  }

  @GrpcMethod('IdentityService')
  async eraseCustomer(req: IdentityV1.EraseCustomerRequest): Promise<IdentityV1.EraseCustomerResponse> {
    const r = await this.erase.execute(req);
    return { customerId: r.customerId, erasedAt: toTimestamp(r.erasedAt) };
  }
}
