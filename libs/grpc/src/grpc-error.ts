import type { Logger } from '@nestjs/common';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { DomainException } from '@concierge/contracts';
import { ERROR_CODE_METADATA, GrpcCallError, grpcStatusForKind } from './status';

export interface GrpcErrorPayload {
  code: GrpcStatus;
  message: string;
  details: string;
  metadata: Metadata;
}

function payload(code: GrpcStatus, details: string, errorCode?: string): GrpcErrorPayload {
  const metadata = new Metadata();
  if (errorCode) metadata.set(ERROR_CODE_METADATA, errorCode);
  return { code, message: details, details, metadata };
}

export function toGrpcError(exception: unknown, logger?: Logger): GrpcErrorPayload {
  if (exception instanceof DomainException) {
    return payload(grpcStatusForKind(exception.kind), exception.message, exception.code);
  }
  // A downstream status is passed on, not flattened.
  if (exception instanceof GrpcCallError) {
    return payload(exception.code, exception.details, exception.errorCode);
  }
  logger?.error({ err: exception }, 'unhandled error in gRPC handler');
  return payload(GrpcStatus.INTERNAL, 'internal error', 'INTERNAL');
}
