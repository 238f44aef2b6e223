/**
 * Replenishment per customer × product. A purchase of q packs covers the interval until the next purchase,
 * so each interval gives one observation of "days one pack lasts" (interval / q). The customer's rate is
 * estimated in log space and shrunk toward the product's population rate (a normal–normal model), so one
 * purchase still gets a forecast from the product prior, and a long regular history speaks for itself.
 */

export const DAY_MS = 86_400_000;

export interface PurchaseEvent {
  at: Date;
  quantity: number;
}

/** Population rate of one product: log of the days a pack lasts, with between- and within-customer spread. */
export interface ProductPrior {
  productId: string;
  /** Mean over customers of log(days per pack). */
  logDaysPerPack: number;
  /** Between-customer variance of log(days per pack). */
  betweenVariance: number;
  /** Within-customer variance of one interval's log(days per pack). */
  withinVariance: number;
  /** Customers whose intervals estimated it (0: catalog or default only). */
  customers: number;
  /** Median observed interval in days (the product-median baseline). */
  medianIntervalDays?: number;
}

export interface CatalogHint {
  /** "Typical days of use" of one pack, from the catalog (GetProduct). */
  typicalDaysOfUse?: number;
  /** Pack size text such as "250 g"; gives the daily consumption in grams, litres or items. */
  packSize?: string;
}

export interface ReplenishmentForecast {
  productId: string;
  lastPurchasedAt: Date;
  lastQuantity: number;
  usualQuantity: number;
  /** Point estimate of the days one pack lasts for this customer. */
  daysPerPack: number;
  /** Packs per day; multiply by the pack amount for grams or litres per day. */
  dailyPacks: number;
  /** Consumption in the pack's unit per day when the pack size is known ("250 g" → grams/day). */
  dailyAmount?: number;
  amountUnit?: string;
  runOutAt: Date;
  bandStart: Date;
  bandEnd: Date;
  intervalsObserved: number;
  /** Share of the estimate that comes from the customer's own history (0 = prior only). */
  confidence: number;
}

/** Defaults when neither the population nor the catalog knows the product. */
export const DEFAULT_PRIOR = { betweenVariance: 0.16, withinVariance: 0.06 };
/** Two-sided 80% band of the posterior predictive. */
const Z_80 = 1.2816;
/** A prior from the catalog counts as this many customers when blended with the observed population. */
const CATALOG_PSEUDO_CUSTOMERS = 3;

export function parsePackSize(text: string | undefined): { amount: number; unit: string } | undefined {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*([a-zA-Zа-яА-Я]+)\s*$/.exec(text ?? '');
  if (!m) return undefined;
  let amount = Number(m[1].replace(',', '.'));
  let unit = m[2].toLowerCase();
  if (unit === 'kg') [amount, unit] = [amount * 1000, 'g'];
  if (unit === 'l') [amount, unit] = [amount * 1000, 'ml'];
  return amount > 0 ? { amount, unit } : undefined;
}

/** One observation per interval: log(days / packs bought at its start). Same-day purchases merge. */
export function intervalObservations(history: PurchaseEvent[]): number[] {
  const sorted = mergeSameDay(history);
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const days = (sorted[i].at.getTime() - sorted[i - 1].at.getTime()) / DAY_MS;
    out.push(Math.log(days / sorted[i - 1].quantity));
  }
  return out;
}

export function mergeSameDay(history: PurchaseEvent[]): PurchaseEvent[] {
  const sorted = [...history].sort((x, y) => x.at.getTime() - y.at.getTime());
  const out: PurchaseEvent[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.at.getTime() - last.at.getTime() < DAY_MS / 2) last.quantity += p.quantity;
    else out.push({ at: p.at, quantity: p.quantity });
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Estimates a product's population prior from many customers' histories (method of moments on the
 * log intervals), blended with the catalog's typical days of use when few customers bought it.
 */
export function estimateProductPrior(productId: string, histories: PurchaseEvent[][], catalog: CatalogHint = {}): ProductPrior | undefined {
  const perCustomer = histories.map(intervalObservations).filter((o) => o.length > 0);
  const rawIntervals: number[] = [];
  for (const h of histories) {
    const s = mergeSameDay(h);
    for (let i = 1; i < s.length; i++) rawIntervals.push((s[i].at.getTime() - s[i - 1].at.getTime()) / DAY_MS);
  }
  const medianIntervalDays = rawIntervals.length ? median(rawIntervals) : undefined;
  const catalogLog = catalog.typicalDaysOfUse && catalog.typicalDaysOfUse > 0 ? Math.log(catalog.typicalDaysOfUse) : undefined;
  if (!perCustomer.length) {
    if (catalogLog === undefined) return undefined;
    return { productId, logDaysPerPack: catalogLog, ...DEFAULT_PRIOR, customers: 0, medianIntervalDays };
  }
  let withinSum = 0;
  let withinDof = 0;
  for (const o of perCustomer) {
    if (o.length < 2) continue;
    const m = mean(o);
    for (const v of o) withinSum += (v - m) ** 2;
    withinDof += o.length - 1;
  }
  const withinVariance = withinDof >= 3 ? Math.max(withinSum / withinDof, 0.005) : DEFAULT_PRIOR.withinVariance;
  const means = perCustomer.map(mean);
  const grand = mean(means);
  let betweenVariance = DEFAULT_PRIOR.betweenVariance;
  if (means.length >= 3) {
    const spread = means.reduce((s, m) => s + (m - grand) ** 2, 0) / (means.length - 1);
    const noise = mean(perCustomer.map((o) => withinVariance / o.length));
    // Households differ: a population that looks uniform so far still gets a sd of 0.2 in log rate.
    betweenVariance = Math.max(spread - noise, 0.04);
  }
  const n = perCustomer.length;
  const logDaysPerPack =
    catalogLog === undefined ? grand : (grand * n + catalogLog * CATALOG_PSEUDO_CUSTOMERS) / (n + CATALOG_PSEUDO_CUSTOMERS);
  return { productId, logDaysPerPack, betweenVariance, withinVariance, customers: n, medianIntervalDays };
}

/** The forecast for one customer × product; undefined when there is neither history nor a prior to go on. */
export function forecastReplenishment(
  productId: string,
  history: PurchaseEvent[],
  prior: ProductPrior | undefined,
  catalog: CatalogHint = {},
): ReplenishmentForecast | undefined {
  if (!history.length) return undefined;
  const merged = mergeSameDay(history);
  const observations = intervalObservations(merged);
  const last = merged[merged.length - 1];
  const n = observations.length;
  let effectivePrior = prior;
  if (!effectivePrior && catalog.typicalDaysOfUse && catalog.typicalDaysOfUse > 0)
    effectivePrior = { productId, logDaysPerPack: Math.log(catalog.typicalDaysOfUse), ...DEFAULT_PRIOR, customers: 0 };
  let postMean: number;
  let postVariance: number;
  let withinVariance: number;
  if (effectivePrior) {
    const { logDaysPerPack: mu0, betweenVariance: tau2, withinVariance: s2 } = effectivePrior;
    withinVariance = s2;
    const precision = 1 / tau2 + n / s2;
    postMean = (mu0 / tau2 + (n ? (n * mean(observations)) / s2 : 0)) / precision;
    postVariance = 1 / precision;
  } else {
    if (n === 0) return undefined;
    // No population and no catalog: the customer's own intervals with a wide default spread.
    withinVariance = n >= 3 ? Math.max(observations.reduce((s, v) => s + (v - mean(observations)) ** 2, 0) / (n - 1), 0.005) : DEFAULT_PRIOR.withinVariance;
    postMean = mean(observations);
    postVariance = withinVariance / n + DEFAULT_PRIOR.betweenVariance / (n + 1);
  }
  const daysPerPack = Math.exp(postMean);
  const predictiveSd = Math.sqrt(postVariance + withinVariance);
  const lastMs = last.at.getTime();
  const cover = (logDays: number) => new Date(lastMs + Math.exp(logDays) * last.quantity * DAY_MS);
  const pack = parsePackSize(catalog.packSize);
  const confidence = effectivePrior ? 1 - (postVariance * 1) / effectivePrior.betweenVariance : n ? 1 : 0;
  return {
    productId,
    lastPurchasedAt: last.at,
    lastQuantity: last.quantity,
    usualQuantity: Math.max(1, Math.round(median(merged.map((p) => p.quantity)))),
    daysPerPack,
    dailyPacks: 1 / daysPerPack,
    dailyAmount: pack ? pack.amount / daysPerPack : undefined,
    amountUnit: pack?.unit,
    runOutAt: cover(postMean),
    bandStart: cover(postMean - Z_80 * predictiveSd),
    bandEnd: cover(postMean + Z_80 * predictiveSd),
    intervalsObserved: n,
    confidence: Math.min(1, Math.max(0, confidence)),
  };
}

export type SuppressionReason = 'in_cart' | 'newer_order' | '';

/**
 * A forecast is not acted on when the product already sits in the customer's open cart, or when the cycle
 * it was scheduled for is over: an order of the product placed after the purchase the schedule counted from.
 */
export function suppression(f: ReplenishmentForecast, openCartProductIds: ReadonlySet<string>, scheduledFromPurchaseAt?: Date): SuppressionReason {
  if (openCartProductIds.has(f.productId)) return 'in_cart';
  if (scheduledFromPurchaseAt && f.lastPurchasedAt.getTime() > scheduledFromPurchaseAt.getTime()) return 'newer_order';
  return '';
}
