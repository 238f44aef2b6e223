import { DAY_MS, estimateProductPrior, forecastReplenishment, parsePackSize, suppression } from './replenishment';
import { syntheticCustomers } from './synthetic-histories';

const coffee = { medianDaysPerPack: 14, betweenSd: 0.35, withinSd: 0.12 };

describe('replenishment model on synthetic histories with known consumption rates', () => {
  const population = syntheticCustomers(coffee, 400, (i) => 2 + (i % 9), 11);
  const prior = estimateProductPrior('coffee', population.map((c) => c.history))!;

  it('recovers the product population rate and spreads', () => {
    expect(Math.exp(prior.logDaysPerPack)).toBeGreaterThan(14 * 0.93);
    expect(Math.exp(prior.logDaysPerPack)).toBeLessThan(14 * 1.07);
    expect(Math.sqrt(prior.withinVariance)).toBeGreaterThan(0.09);
    expect(Math.sqrt(prior.withinVariance)).toBeLessThan(0.15);
    expect(Math.sqrt(prior.betweenVariance)).toBeGreaterThan(0.28);
    expect(Math.sqrt(prior.betweenVariance)).toBeLessThan(0.42);
  });

  it('recovers each long-history customer\'s own rate within 10% (not the population\'s)', () => {
    const regulars = syntheticCustomers(coffee, 60, 12, 99);
    const errors = regulars.map((c) => {
      const f = forecastReplenishment('coffee', c.history, prior)!;
      return Math.abs(f.daysPerPack / c.trueDaysPerPack - 1);
    });
    expect(Math.max(...errors)).toBeLessThan(0.1);
    // A customer far from the median keeps their own rate: heavy drinkers are not pulled to 14 days.
    const heavy = syntheticCustomers({ ...coffee, medianDaysPerPack: 6, betweenSd: 0 }, 1, 12, 5)[0];
    expect(forecastReplenishment('coffee', heavy.history, prior)!.daysPerPack).toBeLessThan(7);
  });

  it('shrinks a short history toward the product rate, and predicts from the prior after one purchase', () => {
    const one = forecastReplenishment('coffee', [{ at: new Date('2026-03-01T09:00:00Z'), quantity: 2 }], prior)!;
    expect(one.intervalsObserved).toBe(0);
    expect(one.daysPerPack).toBeCloseTo(Math.exp(prior.logDaysPerPack), 6);
    expect((one.runOutAt.getTime() - one.lastPurchasedAt.getTime()) / DAY_MS).toBeCloseTo(2 * Math.exp(prior.logDaysPerPack), 3);
    expect(one.confidence).toBe(0);

    const history = [
      { at: new Date('2026-01-01T09:00:00Z'), quantity: 1 },
      { at: new Date('2026-01-31T09:00:00Z'), quantity: 1 },
    ];
    const short = forecastReplenishment('coffee', history, prior)!;
    expect(short.daysPerPack).toBeGreaterThan(Math.exp(prior.logDaysPerPack));
    expect(short.daysPerPack).toBeLessThan(30);
    const long = forecastReplenishment('coffee', Array.from({ length: 10 }, (_, k) => ({ at: new Date(Date.UTC(2025, 0, 1) + k * 30 * DAY_MS), quantity: 1 })), prior)!;
    expect(long.daysPerPack).toBeGreaterThan(short.daysPerPack);
    expect(long.daysPerPack).toBeCloseTo(30, 0);
    expect(long.confidence).toBeGreaterThan(short.confidence);
  });

  it('normalizes intervals by quantity: two packs last twice as long', () => {
    const history = [0, 28, 84, 112, 168].map((d, k) => ({ at: new Date(Date.UTC(2026, 0, 1) + d * DAY_MS), quantity: k % 2 ? 2 : 1 }));
    const f = forecastReplenishment('coffee', history, undefined, { packSize: '250 g' })!;
    expect(f.daysPerPack).toBeCloseTo(28, 0);
    expect(f.dailyAmount).toBeCloseTo(250 / 28, 0);
    expect(f.amountUnit).toBe('g');
  });

  it('puts about 80% of next purchases inside the band', () => {
    const test = syntheticCustomers(coffee, 500, (i) => 3 + (i % 6), 2024);
    let inside = 0;
    for (const c of test) {
      const past = c.history.slice(0, -1);
      const next = c.history[c.history.length - 1].at.getTime();
      const f = forecastReplenishment('coffee', past, prior)!;
      if (next >= f.bandStart.getTime() && next <= f.bandEnd.getTime()) inside++;
    }
    expect(inside / test.length).toBeGreaterThan(0.7);
    expect(inside / test.length).toBeLessThan(0.9);
  });

  it('uses the catalog typical days of use when no customer bought the product twice', () => {
    const p = estimateProductPrior('tea', [[{ at: new Date(), quantity: 1 }]], { typicalDaysOfUse: 20 })!;
    expect(Math.exp(p.logDaysPerPack)).toBeCloseTo(20, 6);
    const f = forecastReplenishment('tea', [{ at: new Date('2026-01-01T00:00:00Z'), quantity: 1 }], undefined, { typicalDaysOfUse: 20 })!;
    expect(f.runOutAt.toISOString()).toBe('2026-01-21T00:00:00.000Z');
    expect(forecastReplenishment('tea', [{ at: new Date(), quantity: 1 }], undefined, {})).toBeUndefined();
  });

  it('is suppressed by an open cart with the product or by a newer order of it', () => {
    const f = forecastReplenishment('coffee', [{ at: new Date('2026-01-10T00:00:00Z'), quantity: 1 }], prior)!;
    expect(suppression(f, new Set(['coffee']))).toBe('in_cart');
    expect(suppression(f, new Set(['milk']))).toBe('');
    expect(suppression(f, new Set(), new Date('2026-01-01T00:00:00Z'))).toBe('newer_order');
    expect(suppression(f, new Set(), new Date('2026-01-10T00:00:00Z'))).toBe('');
  });

  it('parses pack sizes', () => {
    expect(parsePackSize('250 g')).toEqual({ amount: 250, unit: 'g' });
    expect(parsePackSize('1,5 kg')).toEqual({ amount: 1500, unit: 'g' });
    expect(parsePackSize('1 l')).toEqual({ amount: 1000, unit: 'ml' });
    expect(parsePackSize('big')).toBeUndefined();
  });
});
