import { Injectable } from '@nestjs/common';
import { IdentityV1 } from '@concierge/contracts';
import { normalizeRegion, requireIdentifierType, requireTenant } from '../../../identity/domain/identifier';
import { IdentityErrorCode, IdentityException } from '../../../identity/domain/identity.exception';
import { TenantIdentityRules } from '../../domain/tenant-settings';
import { TenantSettingsRepository } from '../../persistence/tenant-settings.repository';

export interface UpdateTenantSettingsCommand {
  tenantId: string;
  trustedIdentifierTypes: IdentityV1.IdentifierType[];
  defaultRegion: string;
  autoMerge: boolean;
}

/** Replaces a tenant's identity rules (which identifiers merge customers, default phone region, auto-merge). */
@Injectable()
export class UpdateTenantSettingsUseCase {
  constructor(private readonly settings: TenantSettingsRepository) {}

  execute(cmd: UpdateTenantSettingsCommand): Promise<TenantIdentityRules> {
    const tenantId = requireTenant(cmd.tenantId);
    const types = cmd.trustedIdentifierTypes.map((t) => {
      try {
        return requireIdentifierType(t);
      } catch {
        throw new IdentityException(IdentityErrorCode.SettingsInvalid, `trusted_identifier_types: "${t}" is not an identifier type`);
      }
    });
    return this.settings.save({
      tenantId,
      trustedIdentifierTypes: [...new Set(types)],
      defaultRegion: normalizeRegion(cmd.defaultRegion),
      autoMerge: cmd.autoMerge,
    });
  }
}
