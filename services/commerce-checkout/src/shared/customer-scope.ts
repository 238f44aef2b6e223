import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CustomerDirectory } from '@concierge/persistence';
import { CheckoutErrorCode, CheckoutException, requireTenantId, requireUuid } from './checkout.exception';

/** Tenant and customer of a request, after identity-graph merges: a merged-away id acts as its survivor. */
@Injectable()
export class CustomerScope {
  constructor(private readonly directory: CustomerDirectory) {}

  async resolve(m: EntityManager, tenantId: string | undefined, customerId: string | undefined): Promise<{ tenantId: string; customerId: string }> {
    const tenant = requireTenantId(tenantId);
    const id = requireUuid(customerId, 'customer_id');
    const resolved = await this.directory.resolve(m, tenant, id);
    if (resolved.erased) throw new CheckoutException(CheckoutErrorCode.CustomerErased, 'this customer was erased');
    return { tenantId: tenant, customerId: resolved.customerId };
  }
}
