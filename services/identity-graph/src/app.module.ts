import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { BootstrapOptions, ServiceKitModule } from '@concierge/service-kit';
import { identityGraphEnv } from './config/identity-graph.env';
import { IdentityModule } from './identity/identity.module';
import { IdentityGrpcController } from './identity/grpc/identity.grpc.controller';
import { entities, migrations } from './database';

export const SERVICE = {
  service: 'identity-graph',
  proto: ServiceProtos.identity,
  // Every inbound message of a new or uncached sender resolves its customer: served by grpc-js straight,
  // outside Nest's RPC pipeline (same controller method, authentication and error mapping). docs/identity.md#benchmark
  directUnary: (app) => {
    const controller = app.get(IdentityGrpcController);
    return { ResolveIdentity: (request) => controller.resolveIdentity(request) };
  },
} as const satisfies BootstrapOptions;

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: SERVICE.service,
      proto: SERVICE.proto,
      env: identityGraphEnv,
      entities,
      migrations,
    }),
    IdentityModule,
  ],
})
export class AppModule {}
