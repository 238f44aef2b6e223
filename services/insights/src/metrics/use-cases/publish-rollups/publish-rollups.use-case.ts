import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CommonV1, Events, InsightsV1, toTimestamp } from '@concierge/contracts';
import { Outbox } from '@concierge/kafka';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import type { InsightsEnv } from '../../../config/insights.env';
import { hourBucket } from '../../domain/hour-range';
import { InsightsQueriesRepository } from '../../persistence/insights-queries.repository';

/** Every INSIGHTS_ROLLUP_INTERVAL_MS: the current and the previous hour's metrics per active tenant on concierge.insights.metrics-rollup.v1 (latest record per tenant and window wins). */
@Injectable()
export class PublishRollupsUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queries: InsightsQueriesRepository,
    private readonly outbox: Outbox,
    private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: InsightsEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.execute().catch((err) => this.logger.warn({ err }, 'metrics rollup failed; next interval retries')), this.config.INSIGHTS_ROLLUP_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The current hour and the one before (so a closed hour is published with its final values too). */
  async execute(now = new Date()): Promise<number> {
    let published = 0;
    for (const back of [1, 0]) {
      const from = new Date(hourBucket(now).getTime() - back * 3_600_000);
      published += await this.window({ from, to: new Date(from.getTime() + 3_600_000) });
    }
    return published;
  }

  private async window(w: { from: Date; to: Date }): Promise<number> {
    const tenants = await this.queries.activeTenants(w);
    for (const tenantId of tenants) {
      const points: InsightsV1.MetricPoint[] = [];
      for (const channelKind of [undefined, ...(await this.channels(tenantId, w))] as (string | undefined)[]) {
        const s = await this.queries.series(tenantId, w, channelKind);
        points.push(...s.map((p) => ({ name: p.name, value: p.value, bucketStart: toTimestamp(p.bucket), channelKind: p.channelKind as CommonV1.ChannelKind })));
      }
      await this.db.transaction((m) =>
        this.outbox.add(m, {
          event: Events.metricsRollup, key: tenantId, tenantId,
          payload: { tenantId, points, windowStart: toTimestamp(w.from), windowEnd: toTimestamp(w.to) },
        }),
      );
    }
    return tenants.length;
  }

  private async channels(tenantId: string, w: { from: Date; to: Date }): Promise<string[]> {
    const rows: { channel_kind: string }[] = await this.db.query(
      `SELECT DISTINCT channel_kind FROM conversation_stats WHERE tenant_id = $1 AND started_at >= $2 AND started_at < $3 AND channel_kind <> 'CHANNEL_KIND_UNSPECIFIED'`,
      [tenantId, w.from, w.to],
    );
    return rows.map((r) => r.channel_kind);
  }
}
