import type { Server } from '@grpc/grpc-js';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import { DESCRIPTOR_SET_PATH, ServiceProto } from '@concierge/contracts';
import { GrpcHealth, healthProtoPath } from './health';
import { protoLoaderOptions } from './loader-options';
import { addReflection } from './reflection';

export interface GrpcServerSetup {
  proto: ServiceProto;
  url: string;
  health: GrpcHealth;
}

/** Nest gRPC transport options with grpc.health.v1 and server reflection added to the server. */
export function grpcServerOptions({ proto, url, health }: GrpcServerSetup): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: proto.package,
      protoPath: [proto.file, healthProtoPath],
      loader: protoLoaderOptions,
      gracefulShutdown: true,
      onLoadPackageDefinition: (_definition, server) => {
        addReflection(server as Server, DESCRIPTOR_SET_PATH, [`${proto.package}.${proto.service}`, 'grpc.health.v1.Health']);
        health.addToServer(server as Server);
      },
    },
  };
}
