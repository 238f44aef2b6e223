import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@concierge/service-kit';
import type { EntityManager } from 'typeorm';
import type { PredictionEnv } from '../../../config/prediction.env';
import { CustomerActivityEntity } from '../../../customers/persistence/customer-activity.entity';
import { CustomerActivityRepository } from '../../../customers/persistence/customer-activity.repository';
import { contactProfile, ContactProfile, OutreachSettings } from '../../domain/outreach-policy';
import { groupPurchases, scoreCustomer, ScoredPair } from '../../domain/pair-scoring';
import { CatalogHint, ProductPrior } from '../../domain/replenishment';
import { UpstreamGateway } from '../../gateways/upstream.gateway';
import { OUTREACH_SETTINGS } from '../../outreach-settings';
import { CatalogProductEntity } from '../../persistence/catalog-product.entity';
import { ForecastEntity } from '../../persistence/forecast.entity';
import { ForecastingRepository } from '../../persistence/forecasting.repository';
import { ProductPriorEntity } from '../../persistence/product-prior.entity';

const CATALOG_TTL_MS = 24 * 3_600_000;
const PROFILE_TTL_MS = 24 * 3_600_000;

export function toPrior(p: ProductPriorEntity): ProductPrior {
  return { ...p, medianIntervalDays: p.medianIntervalDays ?? undefined };
}

export function toHint(p: CatalogProductEntity): CatalogHint {
  return { typicalDaysOfUse: p.typicalDaysOfUse ?? undefined, packSize: p.packSize ?? undefined };
}

export function toForecastEntity(tenantId: string, s: ScoredPair, scoredAt: Date): ForecastEntity {
  return {
    tenantId, customerId: s.customerId, productId: s.productId, lastPurchasedAt: s.lastPurchasedAt, lastQuantity: s.lastQuantity,
    usualQuantity: s.usualQuantity, daysPerPack: s.daysPerPack, dailyAmount: s.dailyAmount ?? null, runOutAt: s.runOutAt,
    bandStart: s.bandStart, bandEnd: s.bandEnd, intervalsObserved: s.intervalsObserved, confidence: s.confidence, plannedAt: s.plannedAt, scoredAt,
  };
}

/** Incremental scoring: refreshes one customer's forecasts right after their order is projected. */
@Injectable()
export class ScoreCustomerUseCase {
  constructor(
    private readonly repo: ForecastingRepository,
    private readonly upstream: UpstreamGateway,
    private readonly activityRepo: CustomerActivityRepository,
    @Inject(OUTREACH_SETTINGS) private readonly settings: OutreachSettings,
    @Inject(SERVICE_CONFIG) private readonly env: PredictionEnv,
  ) {}

  profileOf(activity: CustomerActivityEntity | null | undefined, at: Date): ContactProfile {
    return contactProfile(activity?.hourCounts, activity?.lastInboundByChannel, activity?.timezone || this.env.OUTREACH_DEFAULT_TIMEZONE, at);
  }

  /** Catalog rows for the products, fetching missing or old ones from commerce-checkout (best effort). */
  async catalog(tenantId: string, productIds: string[], now: Date, m?: EntityManager): Promise<Map<string, CatalogProductEntity>> {
    const known = new Map((await this.repo.catalog(tenantId, productIds, m)).map((p) => [p.productId, p]));
    const fetched: CatalogProductEntity[] = [];
    for (const id of productIds) {
      const cached = known.get(id);
      if (cached && now.getTime() - cached.fetchedAt.getTime() < CATALOG_TTL_MS) continue;
      const info = await this.upstream.product(tenantId, id);
      if (!info) continue;
      const row: CatalogProductEntity = { tenantId, ...info, fetchedAt: now };
      fetched.push(row);
      known.set(id, row);
    }
    await this.repo.saveCatalog(fetched, m);
    return known;
  }

  async execute(m: EntityManager, tenantId: string, customerId: string, now: Date): Promise<ScoredPair[]> {
    const purchases = await this.repo.purchasesOf(tenantId, customerId, m);
    const products = groupPurchases(purchases).get(customerId) ?? new Map();
    const productIds = [...products.keys()];
    const catalog = await this.catalog(tenantId, productIds, now, m);
    const priors = new Map((await this.repo.priors(tenantId, productIds, m)).map((p) => [p.productId, toPrior(p)]));
    let activity = await m.getRepository(CustomerActivityEntity).findOne({ where: { tenantId, customerId } });
    if (!activity?.profileFetchedAt || now.getTime() - activity.profileFetchedAt.getTime() > PROFILE_TTL_MS) {
      const profile = await this.upstream.profile(tenantId, customerId);
      if (profile) {
        await this.activityRepo.saveProfile(m, tenantId, customerId, profile.timezone, profile.region, now);
        activity = await m.getRepository(CustomerActivityEntity).findOne({ where: { tenantId, customerId } });
      }
    }
    const hints = new Map([...catalog].map(([id, p]) => [id, toHint(p)]));
    const scored = scoreCustomer(customerId, products, priors, hints, this.profileOf(activity, now), this.settings);
    await this.repo.replaceForecasts(m, tenantId, customerId, scored.map((s) => toForecastEntity(tenantId, s, now)));
    return scored;
  }
}
