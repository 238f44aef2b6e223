import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { throwError } from 'rxjs';
import type { Response } from 'express';
import { DomainException, ErrorKind } from '@concierge/contracts';
import { GrpcCallError, toGrpcError } from '@concierge/grpc';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** The one mapping from domain error kinds to HTTP status codes. */
export function httpStatusForKind(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'permission_denied':
      return 403;
    case 'not_found':
      return 404;
    case 'already_exists':
    case 'conflict':
      return 409;
    case 'failed_precondition':
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    case 'deadline_exceeded':
      return 504;
    case 'internal':
      return 500;
  }
}

function fromGrpc(code: GrpcStatus): number {
  if (code === GrpcStatus.UNAVAILABLE) return 503;
  if (code === GrpcStatus.DEADLINE_EXCEEDED) return 504;
  return 502;
}

/** One filter for both transports of a hybrid app: gRPC status + x-error-code, or a JSON HTTP error. */
@Catch()
export class ServiceExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => toGrpcError(exception, this.logger));
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof DomainException) {
      res.status(httpStatusForKind(exception.kind)).json({ error: { code: exception.code, message: exception.message } });
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json({ error: { code: `HTTP_${status}`, message: Array.isArray(message) ? message.join('; ') : String(message) } });
    } else if (exception instanceof GrpcCallError) {
      this.logger.warn(`downstream call failed: ${exception.message}`);
      res.status(fromGrpc(exception.code)).json({ error: { code: 'DEPENDENCY_FAILED', message: 'a dependency failed; try again' } });
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
    }
  }
}
