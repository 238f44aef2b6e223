import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainException } from '@concierge/contracts';

export interface ApiKeyPolicy {
  /** Key the platform's own services use; may act for any tenant named in the request. */
  internalKey: string;
  /** Per-tenant keys of external callers: key → tenant id. */
  tenantKeys: Map<string, string>;
}

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Authenticates gRPC calls by bearer key and keeps a tenant key inside its own tenant. */
@Injectable()
export class TenantAuthGuard implements CanActivate {
  private readonly internal: Buffer;
  private readonly tenants: Map<string, string>;

  constructor(policy: ApiKeyPolicy) {
    this.internal = digest(policy.internalKey);
    this.tenants = new Map([...policy.tenantKeys].map(([k, t]) => [digest(k).toString('hex'), t]));
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const rpc = context.switchToRpc();
    this.authorize(rpc.getContext<Metadata>(), rpc.getData<{ tenantId?: string }>());
    return true;
  }

  /** The check itself, also used by methods served outside Nest's pipeline (see grpcServerOptions). */
  authorize(metadata: Metadata | undefined, request: unknown): void {
    const header = String(metadata?.get?.('authorization')?.[0] ?? '');
    const key = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!key) throw new DomainException('unauthenticated', 'API_KEY_MISSING', 'missing "authorization: Bearer <api key>" metadata');
    const hashed = digest(key);
    if (timingSafeEqual(hashed, this.internal)) return;
    const tenant = this.tenants.get(hashed.toString('hex'));
    if (!tenant) throw new DomainException('unauthenticated', 'API_KEY_INVALID', 'unknown API key');
    if (request && typeof request === 'object') {
      const scoped = request as { tenantId?: string };
      if (!scoped.tenantId) scoped.tenantId = tenant;
      else if (scoped.tenantId !== tenant) throw new DomainException('permission_denied', 'TENANT_MISMATCH', 'this API key cannot act for that tenant');
    }
  }
}
