import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { dialogueClientProvider } from './clients/dialogue.client';
import { ConsoleController } from './http/console.controller';

@Module({
  imports: [MetricsModule],
  controllers: [ConsoleController],
  providers: [dialogueClientProvider],
})
export class ConsoleModule {}
