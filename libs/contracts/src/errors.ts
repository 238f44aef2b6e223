/**
 * What went wrong, independent of transport. Each transport maps a kind with one exhaustive
 * switch (gRPC status, HTTP status); the domain code travels as x-error-code.
 */
export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'unauthenticated'
  | 'permission_denied'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'internal';

export class DomainException extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable machine-readable code, e.g. CHANNEL_NOT_FOUND. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
