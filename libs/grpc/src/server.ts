import type { Metadata, sendUnaryData, Server, ServerUnaryCall, ServiceDefinition, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from '@nestjs/common';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import { DESCRIPTOR_SET_PATH, ServiceProto } from '@concierge/contracts';
import { GrpcHealth, healthProtoPath } from './health';
import { protoLoaderOptions } from './loader-options';
import { addReflection } from './reflection';
import { toGrpcError } from './grpc-error';

/** A unary method's work, given the decoded request and the call's metadata. */
export type DirectUnaryHandler = (request: never, metadata: Metadata) => Promise<unknown>;

/**
 * Unary methods grpc-js serves straight, outside Nest's RPC pipeline (the proxy, execution
 * contexts, rxjs, a copy of the call object per request). Same authentication and the same error
 * mapping as the Nest path; for hot methods whose per-call cost matters (ResolveIdentity).
 */
export interface DirectUnaryMethods {
  /** Proto method name (ResolveIdentity) → handler; called once, when the server starts. */
  handlers: () => Record<string, DirectUnaryHandler>;
  /** Throws a DomainException to refuse the call (TenantAuthGuard.authorize). */
  authorize: (metadata: Metadata, request: unknown) => void;
  logger?: Logger;
}

function serveDirectly(handler: DirectUnaryHandler, direct: DirectUnaryMethods) {
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    let answer: Promise<unknown>;
    try {
      direct.authorize(call.metadata, call.request);
      answer = handler(call.request as never, call.metadata);
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer.then(
      (response) => callback(null, response),
      (err: unknown) => callback(toGrpcError(err, direct.logger) as Partial<ServiceError>),
    );
  };
}

/** Makes `server.addService` use the direct handlers for the methods they name in that service. */
function useDirectHandlers(server: Server, serviceName: string, direct: DirectUnaryMethods): void {
  const addService = server.addService.bind(server);
  let handlers: Record<string, DirectUnaryHandler> | undefined;
  server.addService = (service: ServiceDefinition, implementation: UntypedServiceImplementation) => {
    const methods = Object.entries(service);
    if (methods.some(([, m]) => m.path.startsWith(`/${serviceName}/`))) {
      handlers ??= direct.handlers();
      const replaced = { ...implementation };
      for (const [name, handler] of Object.entries(handlers)) {
        const method = service[name];
        if (!method) throw new Error(`${serviceName} has no method ${name} to serve directly`);
        if (method.requestStream || method.responseStream) throw new Error(`${serviceName}/${name} is streaming; only unary methods are served directly`);
        // grpc-js takes implementation[name] before the camelCase originalName Nest may also have set.
        replaced[name] = serveDirectly(handler, direct);
      }
      return addService(service, replaced);
    }
    return addService(service, implementation);
  };
}

export interface GrpcServerSetup {
  proto: ServiceProto;
  url: string;
  health: GrpcHealth;
  direct?: DirectUnaryMethods;
}

/** Nest gRPC transport options with grpc.health.v1 and server reflection added to the server. */
export function grpcServerOptions({ proto, url, health, direct }: GrpcServerSetup): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: proto.package,
      protoPath: [proto.file, healthProtoPath],
      loader: protoLoaderOptions,
      gracefulShutdown: true,
      onLoadPackageDefinition: (_definition, server) => {
        if (direct) useDirectHandlers(server as Server, `${proto.package}.${proto.service}`, direct);
        addReflection(server as Server, DESCRIPTOR_SET_PATH, [`${proto.package}.${proto.service}`, 'grpc.health.v1.Health']);
        health.addToServer(server as Server);
      },
    },
  };
}
