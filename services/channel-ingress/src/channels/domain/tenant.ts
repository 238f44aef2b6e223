import { ChannelErrorCode, ChannelException } from './channel.exception';

export function requireTenant(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new ChannelException(ChannelErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}
