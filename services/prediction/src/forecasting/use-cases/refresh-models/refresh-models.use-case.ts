import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CustomerActivityEntity } from '../../../customers/persistence/customer-activity.entity';
import { fitBgNbd, rfmFromPurchases, RfmSummary } from '../../domain/bg-nbd';
import { OutreachSettings } from '../../domain/outreach-policy';
import { estimatePriors, groupPurchases, scoreCustomer } from '../../domain/pair-scoring';
import { OUTREACH_SETTINGS } from '../../outreach-settings';
import { CustomerModelEntity } from '../../persistence/customer-model.entity';
import { ForecastingRepository } from '../../persistence/forecasting.repository';
import { ScoreCustomerUseCase, toForecastEntity, toHint } from '../score-customer/score-customer.use-case';

export interface RefreshResult {
  pairsScored: number;
  products: number;
  model?: CustomerModelEntity;
}

/** The scheduled batch: product priors from every customer, every pair rescored, BG/NBD refitted. */
@Injectable()
export class RefreshModelsUseCase {
  private readonly log = new Logger('RefreshModels');
  /** Tenant → the (scan) time of its last batch; any replica refreshes its own, the result is the same. */
  private readonly refreshedAt = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ForecastingRepository,
    private readonly scorer: ScoreCustomerUseCase,
    @Inject(OUTREACH_SETTINGS) private readonly settings: OutreachSettings,
  ) {}

  isStale(tenantId: string, asOf: Date, maxAgeHours: number): boolean {
    const last = this.refreshedAt.get(tenantId);
    return last === undefined || Math.abs(asOf.getTime() - last) >= maxAgeHours * 3_600_000;
  }

  async execute(tenantId: string, now: Date): Promise<RefreshResult> {
    const started = Date.now();
    this.refreshedAt.set(tenantId, now.getTime());
    const purchases = await this.repo.allPurchases(tenantId);
    const grouped = groupPurchases(purchases);
    const productIds = [...new Set(purchases.map((p) => p.productId))];
    const catalog = await this.scorer.catalog(tenantId, productIds, now);
    const hints = new Map([...catalog].map(([id, p]) => [id, toHint(p)]));
    const priors = estimatePriors(grouped, hints);
    await this.repo.savePriors([...priors.values()].map((p) => ({ tenantId, ...p, medianIntervalDays: p.medianIntervalDays ?? null, estimatedAt: now })));
    const activity = new Map(
      (await this.dataSource.getRepository(CustomerActivityEntity).find({ where: { tenantId } })).map((a) => [a.customerId, a]),
    );
    const rows = [];
    for (const [customerId, products] of grouped) {
      for (const s of scoreCustomer(customerId, products, priors, hints, this.scorer.profileOf(activity.get(customerId), now), this.settings))
        rows.push(toForecastEntity(tenantId, s, now));
    }
    await this.repo.upsertForecasts(rows);
    const model = await this.fit(tenantId, purchases.map((p) => ({ customerId: p.customerId, at: p.purchasedAt })), now);
    this.log.log(`tenant ${tenantId}: ${rows.length} pairs scored, ${priors.size} product priors, BG/NBD on ${model?.customers ?? 0} customers in ${Date.now() - started} ms`);
    return { pairsScored: rows.length, products: priors.size, model };
  }

  async fit(tenantId: string, purchases: { customerId: string; at: Date }[], now: Date): Promise<CustomerModelEntity | undefined> {
    const byCustomer = new Map<string, Date[]>();
    for (const p of purchases) {
      const list = byCustomer.get(p.customerId);
      if (list) list.push(p.at);
      else byCustomer.set(p.customerId, [p.at]);
    }
    const data = [...byCustomer.values()].map((t) => rfmFromPurchases(t, now)).filter((s): s is RfmSummary => !!s && s.age > 0);
    // Too few customers or no repeat purchases at all: the likelihood has no interior optimum.
    if (data.length < 5 || !data.some((d) => d.frequency > 0)) return undefined;
    const fit = fitBgNbd(data);
    const model: CustomerModelEntity = { tenantId, ...fit.params, customers: fit.customers, logLikelihood: fit.logLikelihood, fittedAt: now };
    await this.repo.saveModel(model);
    return model;
  }
}
