import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '@concierge/persistence';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { ChannelIngressEnv } from '../../config/channel-ingress.env';
import { ChannelErrorCode, ChannelException } from '../domain/channel.exception';
import { ChannelSecretsCipher } from '../domain/channel-secrets.cipher';
import { ChannelEntity } from './channel.entity';

@Injectable()
export class ChannelRepository {
  private readonly cipher: ChannelSecretsCipher;
  private readonly cacheTtlMs: number;
  /** Webhook lookups by channel id: every inbound message needs its channel and opened secrets. */
  private readonly byId = new Map<string, { channel: ChannelEntity | null; at: number }>();
  private readonly opened = new WeakMap<ChannelEntity, Record<string, string>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ChannelIngressEnv,
  ) {
    this.cipher = new ChannelSecretsCipher(config.CHANNEL_SECRETS_KEY);
    this.cacheTtlMs = config.CHANNEL_CACHE_TTL_MS;
  }

  private get repo() {
    return this.dataSource.getRepository(ChannelEntity);
  }

  async insert(channel: Omit<ChannelEntity, 'createdAt' | 'updatedAt' | 'secretsSealed'>, secrets: Record<string, string>) {
    this.byId.delete(channel.id);
    try {
      await this.repo.insert({ ...channel, secretsSealed: this.cipher.encrypt(secrets) });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ChannelException(ChannelErrorCode.AlreadyExists, `channel ${channel.id} already exists`);
      throw err;
    }
    return this.get(channel.tenantId, channel.id);
  }

  async update(
    tenantId: string,
    id: string,
    patch: Partial<Pick<ChannelEntity, 'name' | 'settings' | 'enabled'>>,
    secrets?: Record<string, string>,
  ) {
    const current = await this.get(tenantId, id);
    const merged = secrets ? { ...this.secrets(current), ...secrets } : undefined;
    this.byId.delete(id);
    await this.repo.update(
      { tenantId, id },
      { ...patch, ...(merged ? { secretsSealed: this.cipher.encrypt(merged) } : {}), updatedAt: new Date() },
    );
    this.byId.delete(id);
    return this.get(tenantId, id);
  }

  /** Within a tenant: another tenant's channel is "not found". */
  async get(tenantId: string, id: string): Promise<ChannelEntity> {
    const channel = await this.repo.findOne({ where: { tenantId, id } });
    if (!channel) throw new ChannelException(ChannelErrorCode.NotFound, `channel ${id} not found`);
    return channel;
  }

  /** For webhooks, where the channel id in the URL names the tenant. */
  async getEnabled(id: string, kind: string): Promise<ChannelEntity> {
    const channel = await this.cachedById(id);
    if (!channel || channel.kind !== kind) throw new ChannelException(ChannelErrorCode.NotFound, `unknown channel ${id}`);
    if (!channel.enabled) throw new ChannelException(ChannelErrorCode.Disabled, `channel ${id} is disabled`);
    return channel;
  }

  findById(id: string): Promise<ChannelEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  list(tenantId: string, limit: number, after: string): Promise<ChannelEntity[]> {
    return this.repo
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenantId AND c.id > :after', { tenantId, after })
      .orderBy('c.id')
      .limit(limit)
      .getMany();
  }

  /** Unknown ids are cached too, so a flood of posts to a made-up channel costs no queries. */
  private async cachedById(id: string): Promise<ChannelEntity | null> {
    const hit = this.byId.get(id);
    if (hit && Date.now() - hit.at < this.cacheTtlMs) return hit.channel;
    const channel = await this.repo.findOne({ where: { id } });
    if (this.cacheTtlMs > 0) {
      if (this.byId.size >= 10_000) this.byId.clear();
      this.byId.set(id, { channel, at: Date.now() });
    }
    return channel;
  }

  /** Opened once per loaded row (the cached webhook row is opened once per cache period). */
  secrets(channel: ChannelEntity): Record<string, string> {
    let opened = this.opened.get(channel);
    if (!opened) {
      opened = this.cipher.decrypt(channel.secretsSealed);
      this.opened.set(channel, opened);
    }
    return { ...opened };
  }
}
