import { randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';

/** CloudEvents Kafka binding, binary mode: attributes in headers, proto3 JSON payload in the value. */
export interface CloudEventAttributes {
  id: string;
  type: string;
  source: string;
  time: string;
  subject: string;
  tenantId: string;
  correlationId: string;
}

export function cloudEventHeaders(a: CloudEventAttributes): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: a.id,
    ce_type: a.type,
    ce_source: a.source,
    ce_time: a.time,
    ce_subject: a.subject,
    'content-type': 'application/json',
    tenant_id: a.tenantId,
    correlation_id: a.correlationId,
  };
}

export function newEventId(): string {
  return randomUUID();
}

const text = (v: IHeaders[string]): string | undefined => {
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
};

export class InvalidCloudEventError extends Error {}

/** Reads the attributes of a consumed record; throws InvalidCloudEventError when a required one is missing. */
export function readCloudEvent(headers: IHeaders | undefined): CloudEventAttributes {
  const h = headers ?? {};
  const get = (name: string, required = true) => {
    const v = text(h[name]);
    if (required && !v) throw new InvalidCloudEventError(`missing header ${name}`);
    return v ?? '';
  };
  if (get('ce_specversion') !== '1.0') throw new InvalidCloudEventError('ce_specversion must be 1.0');
  return {
    id: get('ce_id'),
    type: get('ce_type'),
    source: get('ce_source'),
    time: get('ce_time', false),
    subject: get('ce_subject', false),
    tenantId: get('tenant_id'),
    correlationId: get('correlation_id', false),
  };
}
