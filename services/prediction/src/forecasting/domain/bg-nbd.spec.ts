import { customerLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive, simulateBgNbd } from './bg-nbd';
import { auc, hyp2f1, lnGamma, nelderMead, seededRandom } from './numeric';

describe('numeric building blocks', () => {
  it('lnGamma matches known values', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(100.5)).toBeCloseTo(361.4355404677, 8);
  });

  it('hyp2f1 matches closed forms', () => {
    // 2F1(1,1;2;z) = -ln(1-z)/z
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 10);
  });

  it('Nelder–Mead finds the minimum of the Rosenbrock function', () => {
    const r = nelderMead(([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-1.2, 1], { maxIterations: 10_000 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it('AUC is 1 for a perfect ranking, 0.5 for ties', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auc([1, 1, 1, 1], [false, true, false, true])).toBe(0.5);
  });
});

describe('BG/NBD', () => {
  const truth = { r: 0.6, alpha: 12, a: 0.8, b: 2.5 };

  it('recovers known parameters from simulated customers by maximum likelihood', () => {
    const data = simulateBgNbd(truth, 6000, 52, seededRandom(42));
    const fit = fitBgNbd(data);
    expect(fit.params.r).toBeGreaterThan(truth.r * 0.85);
    expect(fit.params.r).toBeLessThan(truth.r * 1.15);
    expect(fit.params.alpha).toBeGreaterThan(truth.alpha * 0.8);
    expect(fit.params.alpha).toBeLessThan(truth.alpha * 1.2);
    expect(fit.params.a).toBeGreaterThan(truth.a * 0.7);
    expect(fit.params.a).toBeLessThan(truth.a * 1.3);
    expect(fit.params.b).toBeGreaterThan(truth.b * 0.7);
    expect(fit.params.b).toBeLessThan(truth.b * 1.3);
    // The optimum is at least as likely as the truth.
    const llTruth = data.reduce((s, d) => s + customerLogLikelihood(truth, d), 0);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(llTruth - 1e-6);
  });

  it('matches the published CDNOW figures for a known customer (lifetimes docs)', () => {
    const cdnow = { r: 0.242593, alpha: 4.413532, a: 0.792920, b: 2.425946 };
    // lifetimes: conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86) = 1.226
    expect(expectedPurchases(cdnow, { frequency: 2, recency: 30.43, age: 38.86 }, 39)).toBeCloseTo(1.226, 2);
    expect(probabilityAlive(cdnow, { frequency: 0, recency: 0, age: 38.86 })).toBe(1);
    // A frequent buyer who has not come back for a long time is probably gone.
    expect(probabilityAlive(cdnow, { frequency: 10, recency: 5, age: 38 })).toBeLessThan(0.05);
    expect(probabilityAlive(cdnow, { frequency: 10, recency: 37, age: 38 })).toBeGreaterThan(0.9);
  });
});
