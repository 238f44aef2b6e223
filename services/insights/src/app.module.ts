import { Module } from '@nestjs/common';
import { ServiceProtos } from '@concierge/contracts';
import { ServiceKitModule } from '@concierge/service-kit';
import { insightsEnv } from './config/insights.env';
import { entities, migrations } from './database';
import { ConsoleModule } from './console/console.module';
import { MetricsModule } from './metrics/metrics.module';

export const SERVICE = { service: 'insights', proto: ServiceProtos.insights } as const;

@Module({
  imports: [ServiceKitModule.forRoot({ ...SERVICE, env: insightsEnv, entities, migrations }), MetricsModule, ConsoleModule],
})
export class AppModule {}
