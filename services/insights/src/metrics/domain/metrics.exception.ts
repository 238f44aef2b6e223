import { DomainException, ErrorKind } from '@concierge/contracts';

export enum MetricsErrorCode {
  TenantRequired = 'TENANT_REQUIRED',
  RangeInvalid = 'RANGE_INVALID',
  AlertNotFound = 'ALERT_NOT_FOUND',
  RuleInvalid = 'RULE_INVALID',
}

const kinds: Record<MetricsErrorCode, ErrorKind> = {
  [MetricsErrorCode.TenantRequired]: 'invalid',
  [MetricsErrorCode.RangeInvalid]: 'invalid',
  [MetricsErrorCode.AlertNotFound]: 'not_found',
  [MetricsErrorCode.RuleInvalid]: 'invalid',
};

export class MetricsException extends DomainException {
  constructor(code: MetricsErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}

export function requireTenant(tenantId: string | undefined): string {
  if (!tenantId?.trim()) throw new MetricsException(MetricsErrorCode.TenantRequired, 'tenant_id is required');
  return tenantId.trim();
}
