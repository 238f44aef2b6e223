import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PINO_LOGGER, SERVICE_CONFIG } from '@concierge/service-kit';
import type { InsightsEnv } from '../../../config/insights.env';
import { AlertEntity } from '../../persistence/alert.entity';
import { EvaluateAlertsUseCase } from '../evaluate-alerts/evaluate-alerts.use-case';

const MAX_ATTEMPTS = 5;

/** Slack incoming-webhook JSON: `text` for any receiver, `blocks` for Slack. */
export function slackMessage(a: AlertEntity, consoleUrl: string) {
  const who = a.kind === 'spike' ? `${a.count} messages in ${a.windowMinutes} min (usually ${a.baseline.toFixed(1)})` : `${a.count} customers in ${a.windowMinutes} min`;
  const quotes = a.quotes.slice(0, 5).map((q) => `> ${q}`).join('\n');
  return {
    text: `:rotating_light: ${a.title} — ${who}. Suggested: ${a.suggestedAction}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: a.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `*${who}* (tenant \`${a.tenantId}\`, ${a.subject})\n${quotes}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Suggested action:* ${a.suggestedAction}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${consoleUrl}#alert-${a.alertId}|Open in the console> · alert ${a.alertId}` }] },
    ],
    alert: { alert_id: a.alertId, tenant_id: a.tenantId, kind: a.kind, subject: a.subject, count: a.count, quotes: a.quotes, suggested_action: a.suggestedAction, raised_at: a.raisedAt.toISOString() },
  };
}

/** POSTs newly raised alerts to the tenant's webhook after their transaction commits, with retries. */
@Injectable()
export class DeliverWebhooksUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly db: DataSource,
    private readonly evaluate: EvaluateAlertsUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: InsightsEnv,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.execute(), 500);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async execute(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const pending = await this.db.manager.find(AlertEntity, { where: { webhookStatus: 'pending' }, order: { raisedAt: 'ASC' }, take: 20 });
      for (const a of pending) {
        const url = this.evaluate.webhookFor(a.tenantId);
        let status = 'delivered';
        try {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackMessage(a, this.config.INSIGHTS_CONSOLE_URL)), signal: AbortSignal.timeout(5000) });
          if (!res.ok) throw new Error(`webhook answered ${res.status}`);
        } catch (err) {
          const n = (this.attempts.get(a.alertId) ?? 0) + 1;
          this.attempts.set(a.alertId, n);
          this.logger.warn({ alertId: a.alertId, attempt: n, err: (err as Error).message }, 'alert webhook failed');
          if (n < MAX_ATTEMPTS) continue;
          status = 'failed';
        }
        this.attempts.delete(a.alertId);
        await this.db.manager.update(AlertEntity, { alertId: a.alertId }, { webhookStatus: status });
      }
    } catch (err) {
      this.logger.warn({ err }, 'alert webhook pass failed');
    } finally {
      this.busy = false;
    }
  }
}
