import { lnGamma, nelderMead } from './numeric';

/** Gamma-Gamma spend model (Fader, Hardie & Lee 2005): average order value per repeat customer, for CLV. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface SpendSummary {
  /** Repeat purchases (x > 0). */
  frequency: number;
  /** Mean value of those purchases. */
  monetaryValue: number;
}

export function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParams, { frequency: x, monetaryValue: m }: SpendSummary): number {
  return lnGamma(p * x + q) - lnGamma(p * x) - lnGamma(q) + q * Math.log(v) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(v + x * m);
}

/** Maximum likelihood on log-parameters, customers with at least one repeat purchase and a positive spend. */
export function fitGammaGamma(data: SpendSummary[]): { params: GammaGammaParams; logLikelihood: number } {
  const usable = data.filter((d) => d.frequency > 0 && d.monetaryValue > 0);
  if (usable.length < 3) throw new Error('Gamma-Gamma needs at least 3 repeat customers with spend');
  const objective = (x: number[]) => {
    if (x.some((v) => Math.abs(v) > 30)) return Infinity;
    const params = { p: Math.exp(x[0]), q: Math.exp(x[1]), v: Math.exp(x[2]) };
    let ll = 0;
    for (const d of usable) ll += gammaGammaLogLikelihood(params, d);
    return -ll / usable.length;
  };
  let x = [0, 0, 0];
  let best = Infinity;
  for (let round = 0; round < 8; round++) {
    const r = nelderMead(objective, x, { tolerance: 1e-12, initialStep: round === 0 ? 0.5 : 0.1, maxIterations: 4000 });
    const improved = best - r.value;
    x = r.x;
    best = r.value;
    if (improved >= 0 && improved < 1e-11) break;
  }
  return { params: { p: Math.exp(x[0]), q: Math.exp(x[1]), v: Math.exp(x[2]) }, logLikelihood: -best * usable.length };
}

/** E[average order value | x, m_x]: the customer's mean shrunk toward the population mean. */
export function expectedAverageSpend({ p, q, v }: GammaGammaParams, { frequency: x, monetaryValue: m }: SpendSummary): number {
  if (q <= 1) return x > 0 ? m : NaN;
  const population = (p * v) / (q - 1);
  if (x === 0) return population;
  return ((v + m * x) * p) / (p * x + q - 1);
}
