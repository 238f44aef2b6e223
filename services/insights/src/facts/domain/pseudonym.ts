import { createHmac } from 'node:crypto';

/** A stable pseudonymous customer id: the same customer always maps to the same id, and it cannot be reversed without the key. */
export function pseudonymize(key: string, tenantId: string, customerId: string): string {
  if (!customerId) return '';
  return 'pc_' + createHmac('sha256', key).update(`${tenantId}\u0000${customerId}`).digest('hex').slice(0, 32);
}
