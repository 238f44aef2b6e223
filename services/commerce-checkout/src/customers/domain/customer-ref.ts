import { CommonV1, fromTimestamp } from '@concierge/contracts';
import { CustomerErrorCode, CustomerException } from './customer.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireCustomerId(customerId: string | undefined, field = 'customer_id'): string {
  if (!customerId || !UUID.test(customerId))
    throw new CustomerException(CustomerErrorCode.CustomerIdInvalid, `${field} must be a UUID`);
  return customerId.toLowerCase();
}

/** The tenant of a consumed event: the payload's, which must agree with the tenant_id header when both are set. */
export function eventTenant(payloadTenant: string | undefined, headerTenant: string): string {
  const tenant = (payloadTenant || headerTenant || '').trim();
  if (!tenant) throw new CustomerException(CustomerErrorCode.TenantRequired, 'tenant_id is required');
  if (headerTenant && headerTenant !== tenant)
    throw new CustomerException(CustomerErrorCode.TenantMismatch, 'payload tenant_id differs from the tenant_id header');
  return tenant;
}

/** When an event happened: the payload's own time, else its ce_time header, else now. */
export function occurredAt(payloadTime: CommonV1.Timestamp | undefined, ceTime: string): Date {
  for (const candidate of [fromTimestamp(payloadTime), ceTime ? new Date(ceTime) : undefined]) {
    if (candidate && !Number.isNaN(candidate.getTime())) return candidate;
  }
  return new Date();
}
