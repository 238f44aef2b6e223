import { fromTimestamp, CommonV1 } from '@concierge/contracts';

const valid = (d: Date | undefined): d is Date => d !== undefined && !Number.isNaN(d.getTime());

/** When an event happened: the payload's own time, else its ce_time header, else now. */
export function occurredAt(payloadTime: CommonV1.Timestamp | undefined, ceTime: string): Date {
  const own = fromTimestamp(payloadTime);
  if (valid(own)) return own;
  const header = ceTime ? new Date(ceTime) : undefined;
  return valid(header) ? header : new Date();
}
