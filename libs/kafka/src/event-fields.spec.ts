import { eventTenant, eventTime, eventUuid } from './event-fields';
import { PoisonRecordError } from './idempotent-consumer';

describe('fields of a consumed event', () => {
  it('takes the payload tenant, which must agree with the tenant_id header', () => {
    expect(eventTenant('acme', 'acme')).toBe('acme');
    expect(eventTenant('', 'acme')).toBe('acme');
    expect(() => eventTenant('globex', 'acme')).toThrow(new PoisonRecordError('payload tenant_id differs from the tenant_id header'));
    expect(() => eventTenant('', '')).toThrow(PoisonRecordError);
  });

  it('accepts UUIDs only, lower-cased', () => {
    expect(eventUuid('8D6C1F52-3C1B-4F0E-9C1A-1E2B3C4D5E6F', 'customer_id')).toBe('8d6c1f52-3c1b-4f0e-9c1a-1e2b3c4d5e6f');
    expect(() => eventUuid('42', 'survivor_customer_id')).toThrow('survivor_customer_id must be a UUID');
  });

  it("uses the payload's time, else ce_time, else now", () => {
    expect(eventTime({ seconds: '1700000000', nanos: 0 }, '2020-01-01T00:00:00Z').toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(eventTime(undefined, '2020-01-01T00:00:00Z').toISOString()).toBe('2020-01-01T00:00:00.000Z');
    const before = Date.now();
    expect(eventTime(undefined, 'not a time').getTime()).toBeGreaterThanOrEqual(before);
  });
});
