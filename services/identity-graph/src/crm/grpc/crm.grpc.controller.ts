import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { IdentityV1 } from '@concierge/contracts';
import { toSettingsProto } from '../../identity/grpc/identity.mapper';
import { UpsertCrmCustomerUseCase } from '../use-cases/upsert-crm-customer/upsert-crm-customer.use-case';
import { GetTenantSettingsUseCase } from '../../settings/use-cases/get-tenant-settings/get-tenant-settings.use-case';
import { UpdateTenantSettingsUseCase } from '../../settings/use-cases/update-tenant-settings/update-tenant-settings.use-case';

@Controller()
export class CrmGrpcController implements Partial<IdentityV1.IdentityServiceController> {
  constructor(
    private readonly upsert: UpsertCrmCustomerUseCase,
    private readonly getSettings: GetTenantSettingsUseCase,
    private readonly updateSettings: UpdateTenantSettingsUseCase,
  ) {}

  @GrpcMethod('IdentityService')
  upsertCrmCustomer(req: IdentityV1.UpsertCrmCustomerRequest): Promise<IdentityV1.UpsertCrmCustomerResponse> {
    return this.upsert.execute({ ...req, attributes: req.attributes ?? {} });
  }

  @GrpcMethod('IdentityService')
  async getTenantSettings(req: IdentityV1.GetTenantSettingsRequest): Promise<IdentityV1.GetTenantSettingsResponse> {
    return { settings: toSettingsProto(await this.getSettings.execute(req)) };
  }

  @GrpcMethod('IdentityService')
  async updateTenantSettings(req: IdentityV1.UpdateTenantSettingsRequest): Promise<IdentityV1.UpdateTenantSettingsResponse> {
    const s = req.settings ?? { trustedIdentifierTypes: [], defaultRegion: '', autoMerge: false };
    return { settings: toSettingsProto(await this.updateSettings.execute({ tenantId: req.tenantId, ...s })) };
  }
}
