import { Injectable } from '@nestjs/common';
import { CommonV1, InsightsV1, toTimestamp } from '@concierge/contracts';
import { AlertsRepository } from '../../../alerts/persistence/alerts.repository';
import { toAlertProto } from '../../../alerts/domain/alert.mapper';
import { hourRange } from '../../domain/hour-range';
import { MetricsErrorCode, MetricsException, requireTenant } from '../../domain/metrics.exception';
import { Counted, CountKind, InsightsQueriesRepository, Window } from '../../persistence/insights-queries.repository';
import { GetDashboardUseCase } from '../get-dashboard/get-dashboard.use-case';

type Range = { from?: CommonV1.Timestamp; to?: CommonV1.Timestamp } | undefined;

const WINDOWS: Record<string, number> = { '5m': 5 * 60_000, '1h': 3_600_000, '24h': 24 * 3_600_000 };

export const toTopicCount = (kind: string) => (c: Counted): InsightsV1.TopicCount => ({
  topic: c.name, count: String(c.count), previousCount: String(c.previous), kind, trend: (c.count - c.previous) / Math.max(c.previous, 1),
});

function page(p: CommonV1.PageRequest | undefined, max = 200): { offset: number; limit: number } {
  const limit = Math.min(Math.max(p?.pageSize || 50, 1), max);
  const offset = p?.pageToken ? Number(p.pageToken) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new MetricsException(MetricsErrorCode.RangeInvalid, 'page_token is not one this service gave out');
  return { offset, limit };
}

const nextToken = (offset: number, limit: number, got: number) => (got === limit ? String(offset + limit) : '');

/** Dashboards, topics, meaning cloud, metrics and alerts for gRPC callers and the console. */
@Injectable()
export class GetInsightsUseCase {
  constructor(
    private readonly counters: GetDashboardUseCase,
    private readonly queries: InsightsQueriesRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  private window(range: Range): Window {
    const r = hourRange(range);
    return { from: range?.from ? r.fromHour : new Date(r.to.getTime() - 24 * 3_600_000), to: r.to };
  }

  async dashboard(q: { tenantId: string; range?: Range; channelKind?: string }): Promise<InsightsV1.GetDashboardResponse> {
    const tenantId = requireTenant(q.tenantId);
    const w = this.window(q.range);
    const [base, outcomes, summary, commerce, topics, barriers, phrases, open, series] = await Promise.all([
      this.counters.execute({ tenantId, range: q.range }),
      this.queries.outcomes(tenantId, w, (q.channelKind as string)),
      this.queries.factSummary(tenantId, w, (q.channelKind as string)),
      this.queries.commerce(tenantId, w, (q.channelKind as string)),
      this.queries.counts(tenantId, 'topic', w, { channelKind: (q.channelKind as string) }, 10),
      this.queries.counts(tenantId, 'barrier', w, { channelKind: (q.channelKind as string) }, 10),
      this.queries.counts(tenantId, 'phrase', w, { channelKind: (q.channelKind as string) }, 30),
      this.alerts.open(tenantId),
      this.queries.series(tenantId, w, (q.channelKind as string)),
    ]);
    return {
      ...base,
      automationRate: outcomes.resolved ? outcomes.automated / outcomes.resolved : 0,
      topTopics: topics.map(toTopicCount('topic')),
      openAlerts: open.map(toAlertProto),
      firstResponseSeconds: outcomes.frtSeconds,
      resolutionSeconds: outcomes.resolutionSeconds,
      csat: outcomes.csat,
      csatResponses: String(outcomes.csatResponses),
      sentiment: summary.sentiment,
      decisionStyles: summary.styles.map((s) => ({ topic: s.name, count: String(s.count), trend: 0, kind: 'decision_style', previousCount: '0' })),
      outreachSent: String(commerce.outreach),
      outreachConverted: String(commerce.converted),
      revenue: commerce.revenue,
      topBarriers: barriers.map(toTopicCount('barrier')),
      meaningCloud: phrases.map(toTopicCount('phrase')),
      series: series.map((p) => ({ name: p.name, value: p.value, bucketStart: toTimestamp(p.bucket), channelKind: p.channelKind as CommonV1.ChannelKind })),
      resolvedConversations: String(outcomes.resolved),
      facts: String(summary.facts),
    };
  }

  async topics(q: InsightsV1.ListTopicsRequest): Promise<InsightsV1.ListTopicsResponse> {
    const tenantId = requireTenant(q.tenantId);
    const kind = (q.kind || 'topic') as CountKind;
    if (!['topic', 'barrier', 'phrase', 'product', 'subject'].includes(kind)) throw new MetricsException(MetricsErrorCode.RangeInvalid, 'kind must be topic, barrier, phrase, product or subject');
    const { offset, limit } = page(q.page);
    const rows = await this.queries.counts(tenantId, kind, this.window(q.range), { channelKind: (q.channelKind as string), segment: q.segment, product: q.product }, limit, offset);
    return { topics: rows.map(toTopicCount(kind)), page: { nextPageToken: nextToken(offset, limit, rows.length) } };
  }

  async meaningCloud(q: InsightsV1.GetMeaningCloudRequest): Promise<InsightsV1.GetMeaningCloudResponse> {
    const tenantId = requireTenant(q.tenantId);
    const span = WINDOWS[q.window || '1h'];
    if (!span) throw new MetricsException(MetricsErrorCode.RangeInvalid, 'window must be 5m, 1h or 24h');
    const to = new Date();
    const w = { from: new Date(to.getTime() - span), to };
    const limit = Math.min(Math.max(q.limit || 30, 1), 200);
    const [phrases, topics, barriers] = await Promise.all(
      (['phrase', 'topic', 'barrier'] as const).map((k) => this.queries.counts(tenantId, k, w, { channelKind: (q.channelKind as string) }, limit)),
    );
    return { phrases: phrases.map(toTopicCount('phrase')), topics: topics.map(toTopicCount('topic')), barriers: barriers.map(toTopicCount('barrier')) };
  }

  async metrics(q: InsightsV1.GetMetricsRequest): Promise<InsightsV1.GetMetricsResponse> {
    const tenantId = requireTenant(q.tenantId);
    const { offset, limit } = page(q.page, 1000);
    const all = (await this.queries.series(tenantId, this.window(q.range), (q.channelKind as string) || undefined)).filter((p) => !q.names.length || q.names.includes(p.name));
    const slice = all.slice(offset, offset + limit);
    return {
      points: slice.map((p) => ({ name: p.name, value: p.value, bucketStart: toTimestamp(p.bucket), channelKind: p.channelKind as CommonV1.ChannelKind })),
      page: { nextPageToken: offset + limit < all.length ? String(offset + limit) : '' },
    };
  }

  async alertsPage(q: InsightsV1.ListAlertsRequest): Promise<InsightsV1.ListAlertsResponse> {
    const tenantId = requireTenant(q.tenantId);
    const { offset, limit } = page(q.page);
    const rows = await this.alerts.list(tenantId, this.window(q.range), offset, limit);
    return { alerts: rows.map(toAlertProto), page: { nextPageToken: nextToken(offset, limit, rows.length) } };
  }
}
