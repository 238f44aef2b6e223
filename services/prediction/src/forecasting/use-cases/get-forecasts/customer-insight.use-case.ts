import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import { DataSource } from 'typeorm';
import type { PredictionEnv } from '../../../config/prediction.env';
import { requireCustomerId, requireTenant } from '../../../customers/domain/customer-ref';
import { CustomerDirectory } from '@concierge/persistence';
import { churnRisk, expectedPurchases, probabilityAlive, rfmFromPurchases } from '../../domain/bg-nbd';
import { NextBestAction, nextBestAction } from '../../domain/next-best-action';
import { suppression } from '../../domain/replenishment';
import { UpstreamGateway } from '../../gateways/upstream.gateway';
import { ForecastEntity } from '../../persistence/forecast.entity';
import { ForecastingRepository } from '../../persistence/forecasting.repository';
import { RefreshModelsUseCase } from '../refresh-models/refresh-models.use-case';
import { ScoreCustomerUseCase } from '../score-customer/score-customer.use-case';
import { CustomerActivityRepository } from '../../../customers/persistence/customer-activity.repository';
import { OutreachSettings, plannedOutreachAt } from '../../domain/outreach-policy';
import { OUTREACH_SETTINGS } from '../../outreach-settings';

export interface ForecastView extends ForecastEntity {
  suppressedReason: string;
}

export interface ChurnView {
  probabilityAlive: number;
  churnRisk: number;
  expectedPurchases90d: number;
  purchasesObserved: number;
  modelFittedAt?: Date;
}

/** Read side for the agent and the console: forecasts, churn score and next best action of one customer. */
@Injectable()
export class CustomerInsightUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: CustomerDirectory,
    private readonly repo: ForecastingRepository,
    private readonly upstream: UpstreamGateway,
    private readonly refresh: RefreshModelsUseCase,
    private readonly scorer: ScoreCustomerUseCase,
    private readonly activity: CustomerActivityRepository,
    @Inject(OUTREACH_SETTINGS) private readonly settings: OutreachSettings,
    @Inject(SERVICE_CONFIG) private readonly env: PredictionEnv,
  ) {}

  private async customer(q: { tenantId: string; customerId: string }): Promise<{ tenantId: string; customerId: string } | undefined> {
    const tenantId = requireTenant(q.tenantId);
    const resolved = await this.directory.resolve(this.dataSource.manager, tenantId, requireCustomerId(q.customerId));
    return resolved.erased ? undefined : { tenantId, customerId: resolved.customerId };
  }

  async forecasts(q: { tenantId: string; customerId: string }): Promise<ForecastView[]> {
    const c = await this.customer(q);
    if (!c) return [];
    const stored = await this.repo.forecastsOf(c.tenantId, c.customerId);
    const profile = stored.length ? this.scorer.profileOf(await this.activity.find(c.tenantId, c.customerId), new Date()) : undefined;
    // The best hour is re-read: it may have been learned after the forecast was stored.
    const rows = stored.map((f) => ({ ...f, plannedAt: plannedOutreachAt(f.runOutAt, profile, this.settings) }));
    const cart = rows.length ? await this.upstream.cartProductIds(c.tenantId, c.customerId) : undefined;
    return rows.map((f) => ({ ...f, suppressedReason: cart?.has(f.productId) ? suppression({ ...f, dailyPacks: 1 / f.daysPerPack, dailyAmount: f.dailyAmount ?? undefined }, cart) : '' }));
  }

  async churn(q: { tenantId: string; customerId: string }, now: Date): Promise<ChurnView> {
    const c = await this.customer(q);
    if (!c) return { probabilityAlive: 0, churnRisk: 1, expectedPurchases90d: 0, purchasesObserved: 0 };
    let model = await this.repo.model(c.tenantId);
    if (!model) model = (await this.refresh.execute(c.tenantId, now)).model ?? null;
    const purchases = await this.repo.purchasesOf(c.tenantId, c.customerId);
    const rfm = rfmFromPurchases(purchases.map((p) => p.purchasedAt), now);
    if (!model || !rfm) return { probabilityAlive: rfm ? 1 : 0, churnRisk: rfm ? 0 : 1, expectedPurchases90d: 0, purchasesObserved: rfm ? rfm.frequency + 1 : 0 };
    return {
      probabilityAlive: probabilityAlive(model, rfm),
      churnRisk: churnRisk(model, rfm),
      expectedPurchases90d: expectedPurchases(model, rfm, 90),
      purchasesObserved: rfm.frequency + 1,
      modelFittedAt: model.fittedAt,
    };
  }

  async nextBestAction(q: { tenantId: string; customerId: string }, now: Date): Promise<NextBestAction> {
    const c = await this.customer(q);
    if (!c) return { kind: 'nothing', productId: '', reason: 'nothing due: no purchase history to act on' };
    const forecasts = await this.forecasts(c);
    const model = await this.repo.model(c.tenantId);
    const purchases = await this.repo.purchasesOf(c.tenantId, c.customerId);
    const rfm = rfmFromPurchases(purchases.map((p) => p.purchasedAt), now);
    const last = purchases[purchases.length - 1];
    return nextBestAction({
      now,
      forecasts: forecasts.map((f) => ({ ...f, dailyPacks: 1 / f.daysPerPack, dailyAmount: f.dailyAmount ?? undefined, suppressedReason: f.suppressedReason || undefined })),
      probabilityAlive: model && rfm ? probabilityAlive(model, rfm) : undefined,
      repeatPurchases: rfm?.frequency ?? 0,
      lastOrderAt: last?.purchasedAt,
      lastOrderProductId: last?.productId,
      reorderHorizonDays: this.env.OUTREACH_LEAD_TIME_DAYS + 1,
      churnThreshold: this.env.CHURN_RISK_THRESHOLD,
    });
  }
}
