import { bestContactHour, ContactProfile, OutreachSettings, plannedOutreachAt } from './outreach-policy';
import { CatalogHint, estimateProductPrior, forecastReplenishment, ProductPrior, PurchaseEvent, ReplenishmentForecast } from './replenishment';

export interface PurchaseRecord {
  customerId: string;
  productId: string;
  purchasedAt: Date;
  quantity: number;
}

export interface ScoredPair extends ReplenishmentForecast {
  customerId: string;
  plannedAt: Date;
}

/** Groups rows by customer and product, oldest purchase first. */
export function groupPurchases(rows: PurchaseRecord[]): Map<string, Map<string, PurchaseEvent[]>> {
  const out = new Map<string, Map<string, PurchaseEvent[]>>();
  for (const r of rows) {
    let products = out.get(r.customerId);
    if (!products) out.set(r.customerId, (products = new Map()));
    let events = products.get(r.productId);
    if (!events) products.set(r.productId, (events = []));
    events.push({ at: r.purchasedAt, quantity: r.quantity });
  }
  for (const products of out.values()) for (const events of products.values()) events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return out;
}

/** Population priors of every product from every customer's history (the batch's first pass). */
export function estimatePriors(grouped: Map<string, Map<string, PurchaseEvent[]>>, catalog: Map<string, CatalogHint>): Map<string, ProductPrior> {
  const byProduct = new Map<string, PurchaseEvent[][]>();
  for (const products of grouped.values())
    for (const [productId, events] of products) {
      let list = byProduct.get(productId);
      if (!list) byProduct.set(productId, (list = []));
      list.push(events);
    }
  const priors = new Map<string, ProductPrior>();
  for (const [productId, histories] of byProduct) {
    const prior = estimateProductPrior(productId, histories, catalog.get(productId));
    if (prior) priors.set(productId, prior);
  }
  return priors;
}

/** Forecasts and planned outreach time of every product one customer bought (the incremental path). */
export function scoreCustomer(
  customerId: string,
  products: Map<string, PurchaseEvent[]>,
  priors: Map<string, ProductPrior>,
  catalog: Map<string, CatalogHint>,
  profile: ContactProfile | undefined,
  settings: OutreachSettings,
): ScoredPair[] {
  const out: ScoredPair[] = [];
  const hour = bestContactHour(profile, settings);
  for (const [productId, events] of products) {
    const f = forecastReplenishment(productId, events, priors.get(productId), catalog.get(productId));
    if (!f) continue;
    const plannedAt = plannedOutreachAt(f.runOutAt, profile, { ...settings, defaultHour: hour, minContactsForHour: Infinity });
    out.push({ ...f, customerId, plannedAt });
  }
  return out;
}
