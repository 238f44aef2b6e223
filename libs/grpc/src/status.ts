import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorKind } from '@concierge/contracts';

export const ERROR_CODE_METADATA = 'x-error-code';

/** The one mapping from domain error kinds to gRPC status codes (CONVENTIONS.md, Errors). */
export function grpcStatusForKind(kind: ErrorKind): GrpcStatus {
  switch (kind) {
    case 'invalid':
      return GrpcStatus.INVALID_ARGUMENT;
    case 'not_found':
      return GrpcStatus.NOT_FOUND;
    case 'already_exists':
      return GrpcStatus.ALREADY_EXISTS;
    case 'failed_precondition':
      return GrpcStatus.FAILED_PRECONDITION;
    case 'unauthenticated':
      return GrpcStatus.UNAUTHENTICATED;
    case 'permission_denied':
      return GrpcStatus.PERMISSION_DENIED;
    case 'conflict':
      return GrpcStatus.ABORTED;
    case 'rate_limited':
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 'unavailable':
      return GrpcStatus.UNAVAILABLE;
    case 'deadline_exceeded':
      return GrpcStatus.DEADLINE_EXCEEDED;
    case 'internal':
      return GrpcStatus.INTERNAL;
  }
}

/** The error a gRPC client call rejects with: status and domain code of the server preserved. */
export class GrpcCallError extends Error {
  constructor(
    readonly code: GrpcStatus,
    readonly details: string,
    readonly errorCode: string | undefined,
    readonly metadata: Metadata,
    readonly method: string,
  ) {
    super(`${method} failed: ${GrpcStatus[code]}: ${details}`);
    this.name = 'GrpcCallError';
  }
}
