import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityV1 } from '@concierge/contracts';
import type { CountryCode } from 'libphonenumber-js';
import { defaultRules, TenantIdentityRules } from '../domain/tenant-settings';
import { TenantSettingsEntity } from './tenant-settings.entity';

const CACHE_MS = 5_000;

/** Tenant rules, cached for a few seconds: they are read on every ResolveIdentity. */
@Injectable()
export class TenantSettingsRepository {
  private readonly cache = new Map<string, { rules: TenantIdentityRules; at: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async get(tenantId: string): Promise<TenantIdentityRules> {
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.rules;
    const row = await this.dataSource.getRepository(TenantSettingsEntity).findOne({ where: { tenantId } });
    const rules = row
      ? {
          tenantId,
          trustedIdentifierTypes: row.trustedIdentifierTypes as IdentityV1.IdentifierType[],
          defaultRegion: (row.defaultRegion || undefined) as CountryCode | undefined,
          autoMerge: row.autoMerge,
        }
      : defaultRules(tenantId);
    this.cache.set(tenantId, { rules, at: Date.now() });
    return rules;
  }

  async save(rules: TenantIdentityRules): Promise<TenantIdentityRules> {
    await this.dataSource.query(
      `INSERT INTO tenant_settings (tenant_id, trusted_identifier_types, default_region, auto_merge, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (tenant_id) DO UPDATE SET trusted_identifier_types = EXCLUDED.trusted_identifier_types,
         default_region = EXCLUDED.default_region, auto_merge = EXCLUDED.auto_merge, updated_at = now()`,
      [rules.tenantId, rules.trustedIdentifierTypes, rules.defaultRegion ?? '', rules.autoMerge],
    );
    this.cache.delete(rules.tenantId);
    return this.get(rules.tenantId);
  }
}
