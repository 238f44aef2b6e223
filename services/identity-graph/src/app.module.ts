import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { ServiceKitModule } from '@concierge/service-kit';
import { identityGraphEnv } from './config/identity-graph.env';
import { IdentityModule } from './identity/identity.module';
import { entities, migrations } from './database';

export const SERVICE = { service: 'identity-graph', proto: ServiceProtos.identity } as const;

@Module({
  imports: [
    ServiceKitModule.forRoot({
      ...SERVICE,
      env: identityGraphEnv,
      entities,
      migrations,
    }),
    IdentityModule,
  ],
})
export class AppModule {}
