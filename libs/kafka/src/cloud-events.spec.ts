import type { IHeaders } from 'kafkajs';
import { CloudEventAttributes, cloudEventHeaders, InvalidCloudEventError, newEventId, readCloudEvent } from './cloud-events';

const attributes: CloudEventAttributes = {
  id: '0b6f7e0e-3c55-4c1e-9d0e-2f4f7b1b9a11',
  type: 'concierge.ingress.v1.MessageReceived',
  source: '/concierge/channel-ingress',
  time: '2026-03-01T12:34:56.789Z',
  subject: 'customer-1',
  tenantId: 'acme',
  correlationId: 'corr-1',
};

/** What a kafkajs consumer hands over: every header value as a Buffer. */
const asDelivered = (headers: Record<string, string>): IHeaders =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));

describe('CloudEvents Kafka binding', () => {
  it('writes the binary-mode headers', () => {
    expect(cloudEventHeaders(attributes)).toEqual({
      ce_specversion: '1.0',
      ce_id: attributes.id,
      ce_type: attributes.type,
      ce_source: attributes.source,
      ce_time: attributes.time,
      ce_subject: attributes.subject,
      'content-type': 'application/json',
      tenant_id: 'acme',
      correlation_id: 'corr-1',
    });
  });

  it('reads back the attributes it wrote from Buffer header values', () => {
    expect(readCloudEvent(asDelivered(cloudEventHeaders(attributes)))).toEqual(attributes);
  });

  it('reads non-ASCII values intact', () => {
    const a = { ...attributes, subject: 'клиент-№1' };
    expect(readCloudEvent(asDelivered(cloudEventHeaders(a))).subject).toBe('клиент-№1');
  });

  it('reads string and array header values as well', () => {
    const headers: IHeaders = { ...cloudEventHeaders(attributes), ce_id: [Buffer.from('id-from-array'), Buffer.from('ignored')] };
    expect(readCloudEvent(headers).id).toBe('id-from-array');
  });

  it('tolerates the optional attributes being absent', () => {
    const { ce_time: _time, ce_subject: _subject, correlation_id: _correlation, ...rest } = cloudEventHeaders(attributes);
    expect(readCloudEvent(asDelivered(rest))).toEqual({ ...attributes, time: '', subject: '', correlationId: '' });
  });

  it.each(['ce_id', 'ce_type', 'ce_source', 'tenant_id', 'ce_specversion'])('refuses a record without %s', (name) => {
    const headers = cloudEventHeaders(attributes);
    delete headers[name];
    expect(() => readCloudEvent(asDelivered(headers))).toThrow(InvalidCloudEventError);
    expect(() => readCloudEvent(asDelivered(headers))).toThrow(name);
  });

  it('refuses an empty ce_id', () => {
    expect(() => readCloudEvent(asDelivered({ ...cloudEventHeaders(attributes), ce_id: '' }))).toThrow(InvalidCloudEventError);
  });

  it('refuses another spec version', () => {
    const headers = asDelivered({ ...cloudEventHeaders(attributes), ce_specversion: '0.3' });
    expect(() => readCloudEvent(headers)).toThrow(new InvalidCloudEventError('ce_specversion must be 1.0'));
  });

  it('refuses a record with no headers at all', () => {
    expect(() => readCloudEvent(undefined)).toThrow(InvalidCloudEventError);
  });

  it('makes a fresh UUID for every event', () => {
    const a = newEventId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newEventId()).not.toBe(a);
  });
});
