import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { Clock, CLOCK } from '../clock';
import type { PredictionEnv } from '../config/prediction.env';
import { RunOutreachScanUseCase } from './use-cases/run-outreach-scan/run-outreach-scan.use-case';

/** Runs the outreach scan (and, through it, the daily model refresh) every OUTREACH_SCAN_INTERVAL_MS. */
@Injectable()
export class OutreachScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('OutreachScheduler');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly scan: RunOutreachScanUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly env: PredictionEnv,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.OUTREACH_SCAN_INTERVAL_MS) return;
    this.timer = setInterval(() => void this.tick(), this.env.OUTREACH_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.scan.execute(this.clock.now());
    } catch (err) {
      this.log.error(`scheduled outreach scan failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
