import { Metadata, status } from '@grpc/grpc-js';
import type { ExecutionContext, Logger } from '@nestjs/common';
import { DomainException, ErrorKind } from '@concierge/contracts';
import { toGrpcError } from './grpc-error';
import { ERROR_CODE_METADATA, GrpcCallError, grpcStatusForKind } from './status';
import { TenantAuthGuard } from './tenant-auth.guard';

describe('grpcStatusForKind', () => {
  // CONVENTIONS.md, Errors.
  it.each<[ErrorKind, status]>([
    ['invalid', status.INVALID_ARGUMENT],
    ['not_found', status.NOT_FOUND],
    ['already_exists', status.ALREADY_EXISTS],
    ['failed_precondition', status.FAILED_PRECONDITION],
    ['unauthenticated', status.UNAUTHENTICATED],
    ['permission_denied', status.PERMISSION_DENIED],
    ['conflict', status.ABORTED],
    ['rate_limited', status.RESOURCE_EXHAUSTED],
    ['unavailable', status.UNAVAILABLE],
    ['deadline_exceeded', status.DEADLINE_EXCEEDED],
    ['internal', status.INTERNAL],
  ])('maps %s to %s', (kind, expected) => {
    expect(grpcStatusForKind(kind)).toBe(expected);
  });
});

describe('toGrpcError', () => {
  it('maps a domain exception to its status, with its message and the domain code in x-error-code', () => {
    const err = toGrpcError(new DomainException('not_found', 'CUSTOMER_NOT_FOUND', 'customer c-1 not found'));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toBe('customer c-1 not found');
    expect(err.metadata.get(ERROR_CODE_METADATA)).toEqual(['CUSTOMER_NOT_FOUND']);
  });

  it('passes a downstream status and code on unchanged', () => {
    const downstream = new GrpcCallError(status.DEADLINE_EXCEEDED, 'Deadline exceeded', 'IDENTITY_SLOW', new Metadata(), 'IdentityService/ResolveIdentity');
    const err = toGrpcError(downstream);
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    expect(err.details).toBe('Deadline exceeded');
    expect(err.metadata.get(ERROR_CODE_METADATA)).toEqual(['IDENTITY_SLOW']);
  });

  it('passes a downstream status on without an x-error-code when the downstream sent none', () => {
    const err = toGrpcError(new GrpcCallError(status.UNAVAILABLE, 'No connection established', undefined, new Metadata(), 'X/Y'));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.metadata.get(ERROR_CODE_METADATA)).toEqual([]);
  });

  it('hides an unknown error behind INTERNAL "internal error" and logs it', () => {
    const logger = { error: jest.fn() } as unknown as Logger;
    const cause = new Error('password authentication failed for user "postgres"');
    const err = toGrpcError(cause, logger);
    expect(err.code).toBe(status.INTERNAL);
    expect(err.message).toBe('internal error');
    expect(err.details).toBe('internal error');
    expect(err.metadata.get(ERROR_CODE_METADATA)).toEqual(['INTERNAL']);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err: cause }), expect.any(String));
  });

  it('treats a thrown non-Error as internal too', () => {
    expect(toGrpcError('boom').code).toBe(status.INTERNAL);
  });
});

describe('TenantAuthGuard', () => {
  const INTERNAL = 'internal-key-0123456789';
  const ACME = 'acme-key-0123456789';
  const guard = new TenantAuthGuard({ internalKey: INTERNAL, tenantKeys: new Map([[ACME, 'acme'], ['globex-key-0123456789', 'globex']]) });

  function rpc(authorization: string | undefined, data: { tenantId?: string } | undefined): ExecutionContext {
    const metadata = new Metadata();
    if (authorization !== undefined) metadata.set('authorization', authorization);
    return {
      getType: () => 'rpc',
      switchToRpc: () => ({ getContext: () => metadata, getData: () => data }),
    } as unknown as ExecutionContext;
  }

  function refusal(context: ExecutionContext): { status: status; code: string } {
    try {
      guard.canActivate(context);
    } catch (err) {
      expect(err).toBeInstanceOf(DomainException);
      const e = err as DomainException;
      return { status: grpcStatusForKind(e.kind), code: e.code };
    }
    throw new Error('guard let the call through');
  }

  it('refuses a call without a key with UNAUTHENTICATED', () => {
    expect(refusal(rpc(undefined, { tenantId: 'acme' }))).toEqual({ status: status.UNAUTHENTICATED, code: 'API_KEY_MISSING' });
    expect(refusal(rpc('Bearer   ', { tenantId: 'acme' }))).toEqual({ status: status.UNAUTHENTICATED, code: 'API_KEY_MISSING' });
    expect(refusal(rpc(ACME, { tenantId: 'acme' }))).toEqual({ status: status.UNAUTHENTICATED, code: 'API_KEY_MISSING' });
  });

  it('refuses an unknown key with UNAUTHENTICATED', () => {
    expect(refusal(rpc('Bearer not-a-known-key', { tenantId: 'acme' }))).toEqual({ status: status.UNAUTHENTICATED, code: 'API_KEY_INVALID' });
    expect(refusal(rpc(`Bearer ${INTERNAL}x`, {}))).toEqual({ status: status.UNAUTHENTICATED, code: 'API_KEY_INVALID' });
  });

  it('lets the internal key act for any tenant, leaving the request as it is', () => {
    const acme = { tenantId: 'acme' };
    const none: { tenantId?: string } = {};
    expect(guard.canActivate(rpc(`Bearer ${INTERNAL}`, acme))).toBe(true);
    expect(guard.canActivate(rpc(`bearer ${INTERNAL}`, { tenantId: 'globex' }))).toBe(true);
    expect(guard.canActivate(rpc(`Bearer ${INTERNAL}`, none))).toBe(true);
    expect(acme.tenantId).toBe('acme');
    expect(none.tenantId).toBeUndefined();
  });

  it('fills an empty tenant id from a tenant key', () => {
    const request: { tenantId?: string } = { tenantId: '' };
    expect(guard.canActivate(rpc(`Bearer ${ACME}`, request))).toBe(true);
    expect(request.tenantId).toBe('acme');
    const missing: { tenantId?: string } = {};
    expect(guard.canActivate(rpc(`Bearer ${ACME}`, missing))).toBe(true);
    expect(missing.tenantId).toBe('acme');
  });

  it('lets a tenant key act for its own tenant', () => {
    expect(guard.canActivate(rpc(`Bearer ${ACME}`, { tenantId: 'acme' }))).toBe(true);
  });

  it('refuses a tenant key acting for another tenant with PERMISSION_DENIED', () => {
    expect(refusal(rpc(`Bearer ${ACME}`, { tenantId: 'globex' }))).toEqual({ status: status.PERMISSION_DENIED, code: 'TENANT_MISMATCH' });
  });

  it('the refusal reaches the caller as the gRPC status with x-error-code', () => {
    try {
      guard.canActivate(rpc(`Bearer ${ACME}`, { tenantId: 'globex' }));
      throw new Error('let through');
    } catch (err) {
      const grpcErr = toGrpcError(err);
      expect(grpcErr.code).toBe(status.PERMISSION_DENIED);
      expect(grpcErr.metadata.get(ERROR_CODE_METADATA)).toEqual(['TENANT_MISMATCH']);
    }
  });

  it('lets HTTP requests through (health, webhooks have their own checks)', () => {
    const http = { getType: () => 'http', switchToRpc: () => { throw new Error('not rpc'); } } as unknown as ExecutionContext;
    expect(guard.canActivate(http)).toBe(true);
  });
});
