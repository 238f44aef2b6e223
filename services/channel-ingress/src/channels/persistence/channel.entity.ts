import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'channels' })
@Index('channels_tenant', ['tenantId'])
export class ChannelEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  settings: Record<string, string>;

  /** AES-GCM sealed JSON of the channel's secrets. */
  @Column({ name: 'secrets_sealed', type: 'text', default: '' })
  secretsSealed: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
