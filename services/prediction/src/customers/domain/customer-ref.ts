import { CustomerErrorCode, CustomerException } from './customer.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireTenant(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new CustomerException(CustomerErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}

export function requireCustomerId(customerId: string | undefined, field = 'customer_id'): string {
  if (!customerId || !UUID.test(customerId))
    throw new CustomerException(CustomerErrorCode.CustomerIdInvalid, `${field} must be a UUID`);
  return customerId.toLowerCase();
}
