import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { DataSource } from 'typeorm';
import type { PredictionEnv } from '../../../config/prediction.env';
import { CustomerActivityRepository } from '../../../customers/persistence/customer-activity.repository';
import { churnRisk } from '../../domain/bg-nbd';
import { atLocalHour, bestContactHour, decideOutreach, OutreachSettings, plannedOutreachAt } from '../../domain/outreach-policy';
import { DAY_MS, suppression } from '../../domain/replenishment';
import { UpstreamGateway } from '../../gateways/upstream.gateway';
import { OUTREACH_SETTINGS } from '../../outreach-settings';
import { ForecastingRepository } from '../../persistence/forecasting.repository';
import { RefreshModelsUseCase } from '../refresh-models/refresh-models.use-case';
import { ScoreCustomerUseCase } from '../score-customer/score-customer.use-case';
import { OutreachEmitter } from './outreach-emitter';

export interface ScannedOutreach {
  outreachId: string;
  customerId: string;
  productId: string;
  action: string;
  dueAt: Date;
  reason: string;
}

export interface ScanResult {
  emitted: ScannedOutreach[];
  pairsScored: number;
  skipped: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Decides, as of a given time, which reorder and win-back messages are due, and emits them. */
@Injectable()
export class RunOutreachScanUseCase {
  private readonly log = new Logger('OutreachScan');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ForecastingRepository,
    private readonly activity: CustomerActivityRepository,
    private readonly upstream: UpstreamGateway,
    private readonly refresh: RefreshModelsUseCase,
    private readonly scorer: ScoreCustomerUseCase,
    private readonly emitter: OutreachEmitter,
    @Inject(OUTREACH_SETTINGS) private readonly settings: OutreachSettings,
    @Inject(SERVICE_CONFIG) private readonly env: PredictionEnv,
  ) {}

  async execute(asOf: Date, tenantId?: string): Promise<ScanResult> {
    const result: ScanResult = { emitted: [], pairsScored: 0, skipped: 0 };
    for (const tenant of tenantId ? [tenantId] : await this.repo.tenants()) {
      if (this.refresh.isStale(tenant, asOf, this.env.MODEL_REFRESH_HOURS)) result.pairsScored += (await this.refresh.execute(tenant, asOf)).pairsScored;
      await this.reorders(tenant, asOf, result);
      await this.winBacks(tenant, asOf, result);
    }
    if (result.emitted.length) this.log.log(`scan as of ${asOf.toISOString()}: ${result.emitted.length} outreach due, ${result.skipped} skipped`);
    return result;
  }

  private async reorders(tenantId: string, asOf: Date, result: ScanResult): Promise<void> {
    // One day of slack: the best hour may have moved since the forecast was stored; the plan is recomputed below.
    const candidates = await this.repo.plannedBy(tenantId, new Date(asOf.getTime() + DAY_MS), new Date(asOf.getTime() - this.settings.staleAfterDays * DAY_MS));
    const customerIds = [...new Set(candidates.map((f) => f.customerId))];
    const lastOutreach = await this.repo.lastOutreach(tenantId, customerIds);
    const activity = new Map((await this.activity.findMany(tenantId, customerIds)).map((a) => [a.customerId, a]));
    const catalog = new Map((await this.repo.catalog(tenantId, [...new Set(candidates.map((f) => f.productId))])).map((p) => [p.productId, p]));
    for (const f of candidates) {
      const cycleKey = f.lastPurchasedAt.toISOString();
      const profile = this.scorer.profileOf(activity.get(f.customerId), asOf);
      const check = {
        plannedAt: plannedOutreachAt(f.runOutAt, profile, this.settings), runOutAt: f.runOutAt, asOf, profile, lastOutreachAt: lastOutreach.get(f.customerId),
        alreadySentThisCycle: await this.repo.cycleSent(tenantId, f.customerId, f.productId, cycleKey),
      };
      const decision = decideOutreach({ ...check, marketingConsent: true }, this.settings);
      if (!decision.due) {
        result.skipped++;
        continue;
      }
      const cart = await this.upstream.cartProductIds(tenantId, f.customerId);
      if (cart && suppression({ ...f, dailyPacks: 1 / f.daysPerPack, dailyAmount: f.dailyAmount ?? undefined }, cart)) {
        result.skipped++;
        continue;
      }
      if (!(await this.upstream.marketingConsent(tenantId, f.customerId, decision.channel.channelKind))) {
        result.skipped++;
        continue;
      }
      const product = catalog.get(f.productId);
      const name = product?.name || f.productId;
      const amount = f.dailyAmount && product?.packSize ? ` (about ${f.dailyAmount.toFixed(0)} ${product.packSize.replace(/[\d.,\s]/g, '')}/day)` : '';
      const reason = `${name} bought ${day(f.lastPurchasedAt)} (x${f.lastQuantity}) runs out around ${day(f.runOutAt)}: one pack lasts ~${f.daysPerPack.toFixed(0)} days${amount}, band ${day(f.bandStart)}..${day(f.bandEnd)}`;
      const outreachId = await this.emitter.emit({
        tenantId, customerId: f.customerId, productId: f.productId, productName: name, action: 'reorder', reason, cycleKey,
        dueAt: decision.dueAt, emittedAt: asOf, runOutAt: f.runOutAt, quantity: f.usualQuantity,
        channelKind: decision.channel.channelKind, requiresTemplate: decision.channel.requiresTemplate,
      });
      if (outreachId) {
        result.emitted.push({ outreachId, customerId: f.customerId, productId: f.productId, action: 'reorder', dueAt: decision.dueAt, reason });
        lastOutreach.set(f.customerId, asOf);
      }
    }
  }

  /** Customers the tenant's BG/NBD thinks are slipping away get one win-back offer per last purchase. */
  private async winBacks(tenantId: string, asOf: Date, result: ScanResult): Promise<void> {
    const model = await this.repo.model(tenantId);
    if (!model) return;
    const rows: { customer_id: string; days: number; first: number; last: number; top_product: string }[] = await this.dataSource.query(
      `SELECT customer_id, count(DISTINCT floor(extract(epoch FROM purchased_at) / 86400))::int AS days,
              floor(extract(epoch FROM min(purchased_at)) / 86400)::int AS first, floor(extract(epoch FROM max(purchased_at)) / 86400)::int AS last,
              mode() WITHIN GROUP (ORDER BY product_id) AS top_product
       FROM purchases WHERE tenant_id = $1 AND purchased_at <= $2 GROUP BY customer_id HAVING count(DISTINCT floor(extract(epoch FROM purchased_at) / 86400)) > 1`,
      [tenantId, asOf],
    );
    const asOfDay = asOf.getTime() / DAY_MS;
    const atRisk = rows.filter((r) => churnRisk(model, { frequency: r.days - 1, recency: r.last - r.first, age: asOfDay - r.first }) >= this.env.CHURN_RISK_THRESHOLD);
    if (!atRisk.length) return;
    const ids = atRisk.map((r) => r.customer_id);
    const lastOutreach = await this.repo.lastOutreach(tenantId, ids);
    const activity = new Map((await this.activity.findMany(tenantId, ids)).map((a) => [a.customerId, a]));
    for (const r of atRisk) {
      const profile = this.scorer.profileOf(activity.get(r.customer_id), asOf);
      const plannedAt = atLocalHour(asOf, bestContactHour(profile, this.settings), profile.timezone);
      const cycleKey = `win-back:${r.last}`;
      const risk = churnRisk(model, { frequency: r.days - 1, recency: r.last - r.first, age: asOfDay - r.first });
      const decision = decideOutreach(
        { plannedAt, runOutAt: new Date(asOf.getTime() + DAY_MS), asOf, profile, lastOutreachAt: lastOutreach.get(r.customer_id), alreadySentThisCycle: await this.repo.cycleSent(tenantId, r.customer_id, r.top_product, cycleKey), marketingConsent: true },
        this.settings,
      );
      if (!decision.due || !(await this.upstream.marketingConsent(tenantId, r.customer_id, decision.channel.channelKind))) {
        result.skipped++;
        continue;
      }
      const reason = `churn risk ${risk.toFixed(2)}: ${r.days} purchase days, the last on ${day(new Date(r.last * DAY_MS))}`;
      const outreachId = await this.emitter.emit({
        tenantId, customerId: r.customer_id, productId: r.top_product, productName: r.top_product, action: 'win_back', reason, cycleKey,
        dueAt: decision.dueAt, emittedAt: asOf, quantity: 1, channelKind: decision.channel.channelKind, requiresTemplate: decision.channel.requiresTemplate,
      });
      if (outreachId) result.emitted.push({ outreachId, customerId: r.customer_id, productId: r.top_product, action: 'win_back', dueAt: decision.dueAt, reason });
    }
  }
}
