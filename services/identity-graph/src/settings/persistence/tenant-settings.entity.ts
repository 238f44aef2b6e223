import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-tenant identity rules: which identifiers merge customers, the default phone region. */
@Entity({ name: 'tenant_settings' })
export class TenantSettingsEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'trusted_identifier_types', type: 'text', array: true })
  trustedIdentifierTypes: string[];

  @Column({ name: 'default_region', type: 'text', default: '' })
  defaultRegion: string;

  @Column({ name: 'auto_merge', type: 'boolean', default: true })
  autoMerge: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
