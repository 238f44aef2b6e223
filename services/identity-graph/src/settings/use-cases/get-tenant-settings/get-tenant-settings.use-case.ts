import { Injectable } from '@nestjs/common';
import { requireTenant } from '../../../identity/domain/identifier';
import { TenantIdentityRules } from '../../domain/tenant-settings';
import { TenantSettingsRepository } from '../../persistence/tenant-settings.repository';

@Injectable()
export class GetTenantSettingsUseCase {
  constructor(private readonly settings: TenantSettingsRepository) {}

  execute(q: { tenantId: string }): Promise<TenantIdentityRules> {
    return this.settings.get(requireTenant(q.tenantId));
  }
}
