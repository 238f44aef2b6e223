import { normalSample, seededRandom } from './numeric';
import { DAY_MS, PurchaseEvent } from './replenishment';

export interface SyntheticCustomer {
  customerId: string;
  /** The true number of days one pack lasts for this customer. */
  trueDaysPerPack: number;
  history: PurchaseEvent[];
}

export interface SyntheticProductSpec {
  /** Population median of days per pack. */
  medianDaysPerPack: number;
  /** Between-customer spread (sd of log days per pack). */
  betweenSd: number;
  /** Noise of one interval (sd of log). */
  withinSd: number;
}

/**
 * Customers who each consume a product at a known rate: they buy 1–3 packs and come back when those run
 * out, give or take log-normal noise. Lets tests check that the model recovers the rates it was given.
 */
export function syntheticCustomers(spec: SyntheticProductSpec, count: number, purchases: number | ((i: number) => number), seed = 7, start = new Date('2025-01-01T10:00:00Z')): SyntheticCustomer[] {
  const random = seededRandom(seed);
  const out: SyntheticCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const trueDaysPerPack = spec.medianDaysPerPack * Math.exp(spec.betweenSd * normalSample(random));
    const n = typeof purchases === 'number' ? purchases : purchases(i);
    let t = start.getTime() + Math.floor(random() * 30) * DAY_MS;
    const history: PurchaseEvent[] = [];
    for (let k = 0; k < n; k++) {
      const quantity = 1 + Math.floor(random() * 3);
      history.push({ at: new Date(t), quantity });
      t += quantity * trueDaysPerPack * Math.exp(spec.withinSd * normalSample(random)) * DAY_MS;
    }
    out.push({ customerId: `c${i}`, trueDaysPerPack, history });
  }
  return out;
}
