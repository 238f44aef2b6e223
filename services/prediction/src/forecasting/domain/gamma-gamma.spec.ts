import { expectedAverageSpend, fitGammaGamma } from './gamma-gamma';
import { gammaSample, seededRandom } from './numeric';

describe('Gamma-Gamma spend model', () => {
  it('recovers known parameters from simulated spend', () => {
    const truth = { p: 6, q: 4, v: 15 };
    const random = seededRandom(3);
    const data = Array.from({ length: 4000 }, () => {
      const nu = gammaSample(random, truth.q, 1 / truth.v);
      const x = 1 + Math.floor(random() * 8);
      let total = 0;
      for (let i = 0; i < x; i++) total += gammaSample(random, truth.p, 1 / nu);
      return { frequency: x, monetaryValue: total / x };
    });
    const { params } = fitGammaGamma(data);
    expect(params.p).toBeGreaterThan(truth.p * 0.85);
    expect(params.p).toBeLessThan(truth.p * 1.15);
    expect(params.q).toBeGreaterThan(truth.q * 0.8);
    expect(params.q).toBeLessThan(truth.q * 1.2);
    expect(params.v).toBeGreaterThan(truth.v * 0.75);
    expect(params.v).toBeLessThan(truth.v * 1.25);
  });

  it('matches lifetimes on the CDNOW published parameters', () => {
    const cdnow = { p: 6.24880249607099, q: 3.7445884609237634, v: 15.447748064943575 };
    // lifetimes GammaGammaFitter.conditional_expected_average_profit for the first CDNOW repeat customers.
    expect(expectedAverageSpend(cdnow, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(24.6586, 3);
    expect(expectedAverageSpend(cdnow, { frequency: 7, monetaryValue: 73.74 })).toBeCloseTo(71.4629, 3);
  });
});
