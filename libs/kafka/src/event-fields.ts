import { CommonV1, fromTimestamp } from '@concierge/contracts';
import { PoisonRecordError } from './idempotent-consumer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant of a consumed event: the payload's, which must agree with the tenant_id header when both are set. */
export function eventTenant(payloadTenant: string | undefined, headerTenant: string): string {
  const tenant = (payloadTenant || headerTenant || '').trim();
  if (!tenant) throw new PoisonRecordError('tenant_id is required');
  if (headerTenant && headerTenant !== tenant) throw new PoisonRecordError('payload tenant_id differs from the tenant_id header');
  return tenant;
}

/** A UUID field of a consumed event, lower-cased; anything else makes the record unprocessable. */
export function eventUuid(value: string | undefined, field: string): string {
  if (!value || !UUID.test(value)) throw new PoisonRecordError(`${field} must be a UUID`);
  return value.toLowerCase();
}

/** When an event happened: the payload's own time, else its ce_time header, else now. */
export function eventTime(payloadTime: CommonV1.Timestamp | undefined, ceTime: string): Date {
  for (const candidate of [fromTimestamp(payloadTime), ceTime ? new Date(ceTime) : undefined]) {
    if (candidate && !Number.isNaN(candidate.getTime())) return candidate;
  }
  return new Date();
}
