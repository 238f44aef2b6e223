import * as grpc from '@grpc/grpc-js';
import { loadSync, PackageDefinition } from '@grpc/proto-loader';
import type { Observable } from 'rxjs';
import type { ServiceProto } from '@concierge/contracts';
import { protoLoaderOptions } from './loader-options';
import { ERROR_CODE_METADATA, GrpcCallError } from './status';

export interface CallOptions {
  deadlineMs?: number;
  /** Correlates logs and events across services. */
  correlationId?: string;
}

/** Promise-returning view of a ts-proto generated `XServiceClient` interface. */
export type UnaryClient<C> = {
  [K in keyof C]: C[K] extends (request: infer Req, ...rest: never[]) => Observable<infer Res>
    ? (request: Req, options?: CallOptions) => Promise<Res>
    : never;
} & { close(): void };

export interface GrpcClientOptions {
  address: string;
  apiKey: string;
  /** Applied to every call that does not pass its own. */
  deadlineMs: number;
}

const definitions = new Map<string, PackageDefinition>();

function serviceConstructor(proto: ServiceProto): grpc.ServiceClientConstructor {
  let definition = definitions.get(proto.file);
  if (!definition) {
    definition = loadSync(proto.file, protoLoaderOptions);
    definitions.set(proto.file, definition);
  }
  const loaded = grpc.loadPackageDefinition(definition);
  const ctor = `${proto.package}.${proto.service}`
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], loaded);
  if (typeof ctor !== 'function') throw new Error(`${proto.package}.${proto.service} not found in ${proto.file}`);
  return ctor as grpc.ServiceClientConstructor;
}

/** A client whose every call carries a deadline, the API key and the tenant id. */
export function createGrpcClient<C>(proto: ServiceProto, options: GrpcClientOptions): UnaryClient<C> {
  const Ctor = serviceConstructor(proto);
  const raw = new Ctor(options.address, grpc.credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
    // A peer back after an outage (a restart, a rollout) is reached within seconds, not grpc-js's default 2 minutes.
    'grpc.max_reconnect_backoff_ms': 5_000,
  }) as unknown as Record<string, Function> & grpc.Client;
  const client: Record<string, unknown> = { close: () => raw.close() };
  for (const [name, method] of Object.entries(Ctor.service)) {
    const camel = (method.originalName as string | undefined) ?? name[0].toLowerCase() + name.slice(1);
    const label = `${proto.service}/${name}`;
    client[camel] = (request: { tenantId?: string }, call?: CallOptions) =>
      new Promise((resolve, reject) => {
        const metadata = new grpc.Metadata();
        metadata.set('authorization', `Bearer ${options.apiKey}`);
        if (request?.tenantId) metadata.set('x-tenant-id', request.tenantId);
        if (call?.correlationId) metadata.set('x-correlation-id', call.correlationId);
        const deadline = new Date(Date.now() + (call?.deadlineMs ?? options.deadlineMs));
        raw[name].call(raw, request, metadata, { deadline }, (err: grpc.ServiceError | null, res: unknown) => {
          if (!err) return resolve(res);
          const code = err.metadata?.get(ERROR_CODE_METADATA)?.[0];
          reject(new GrpcCallError(err.code, err.details, code ? String(code) : undefined, err.metadata, label));
        });
      });
  }
  return client as UnaryClient<C>;
}

/**
 * The wire path and request encoder of one method, as grpc-js uses them (the same loader options
 * as every client). For tools that send pre-encoded requests, like the benchmarks' load generator.
 */
export function grpcMethodCodec(proto: ServiceProto, method: string): { path: string; serialize: (request: object) => Buffer } {
  const definition = serviceConstructor(proto).service[method];
  if (!definition) throw new Error(`${proto.package}.${proto.service} has no method ${method}`);
  return { path: definition.path, serialize: (request) => definition.requestSerialize(request) };
}
