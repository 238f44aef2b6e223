import { betaSample, gammaSample, hyp2f1, lnBeta, lnGamma, logAddExp, nelderMead } from './numeric';

/** BG/NBD (Fader, Hardie & Lee 2005): Poisson purchasing at a gamma-distributed rate, beta-geometric dropout. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer's summary: repeat purchases x, time of the last one t_x and age T, in one time unit (days or weeks). */
export interface RfmSummary {
  frequency: number;
  recency: number;
  age: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  customers: number;
  iterations: number;
}

/** Log-likelihood of one customer (FHL 2005, eq. 6, in log space). */
export function customerLogLikelihood({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency: tx, age: T }: RfmSummary): number {
  const a1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const a2 = lnBeta(a, b + x) - lnBeta(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** Identical summaries are scored once: real data sets repeat (x, t_x, T) a lot. */
function groupSummaries(data: RfmSummary[]): { s: RfmSummary; n: number }[] {
  const groups = new Map<string, { s: RfmSummary; n: number }>();
  for (const s of data) {
    const key = `${s.frequency}|${s.recency}|${s.age}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { s, n: 1 });
  }
  return [...groups.values()];
}

export function totalLogLikelihood(params: BgNbdParams, data: RfmSummary[]): number {
  let ll = 0;
  for (const { s, n } of groupSummaries(data)) ll += n * customerLogLikelihood(params, s);
  return ll;
}

const fromLog = (x: number[]): BgNbdParams => ({ r: Math.exp(x[0]), alpha: Math.exp(x[1]), a: Math.exp(x[2]), b: Math.exp(x[3]) });

/**
 * Maximum likelihood by Nelder–Mead on the log-parameters (positivity for free), restarted from the
 * previous optimum until the likelihood stops improving, as a single simplex can stall on this surface.
 */
export function fitBgNbd(data: RfmSummary[], options: { start?: BgNbdParams; penalizer?: number } = {}): BgNbdFit {
  if (!data.length) throw new Error('BG/NBD needs at least one customer');
  const groups = groupSummaries(data);
  const penalizer = options.penalizer ?? 0;
  const objective = (x: number[]) => {
    if (x.some((v) => Math.abs(v) > 30)) return Infinity;
    const p = fromLog(x);
    let ll = 0;
    for (const { s, n } of groups) ll += n * customerLogLikelihood(p, s);
    // Same convention as lifetimes: mean negative log-likelihood plus an optional L2 penalty on the parameters.
    return -ll / data.length + penalizer * (p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2);
  };
  const meanAge = data.reduce((s, d) => s + d.age, 0) / data.length;
  const start = options.start ?? { r: 1, alpha: Math.max(meanAge, 1e-3), a: 1, b: 1 };
  let x = [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)];
  let best = Infinity;
  let iterations = 0;
  for (let round = 0; round < 8; round++) {
    const result = nelderMead(objective, x, { tolerance: 1e-11, initialStep: round === 0 ? 0.5 : 0.1, maxIterations: 3000 });
    iterations += result.iterations;
    const improved = best - result.value;
    x = result.x;
    best = result.value;
    if (improved >= 0 && improved < 1e-10) break;
  }
  const params = fromLog(x);
  return { params, logLikelihood: totalLogLikelihood(params, data), customers: data.length, iterations };
}

/** P(alive | x, t_x, T): 1 for a customer never seen repeating (the model's convention). */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency: tx, age: T }: RfmSummary): number {
  if (x === 0) return 1;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** E[purchases in (T, T + t] | x, t_x, T] (FHL 2005, eq. 10). */
export function expectedPurchases(p: BgNbdParams, s: RfmSummary, horizon: number): number {
  const { r, alpha, a, b } = p;
  const { frequency: x, recency: tx, age: T } = s;
  if (horizon <= 0) return 0;
  const z = horizon / (alpha + T + horizon);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const first = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + horizon), r + x) * hyp);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 1;
  const value = first / denominator;
  // a < 1 makes the closed form unstable for long horizons; the expected count is never negative.
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Churn risk in [0, 1]: 1 − P(alive), raised when the customer is overdue against their own rhythm. */
export function churnRisk(p: BgNbdParams, s: RfmSummary): number {
  return 1 - probabilityAlive(p, s);
}

/** Draws customers from the BG/NBD generative process (for tests and benchmarks). */
export function simulateBgNbd(params: BgNbdParams, customers: number, age: number, random: () => number): RfmSummary[] {
  const out: RfmSummary[] = [];
  for (let i = 0; i < customers; i++) {
    const lambda = gammaSample(random, params.r, 1 / params.alpha);
    const dropout = betaSample(random, params.a, params.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(Math.max(random(), 1e-300)) / lambda;
      if (t > age) break;
      x++;
      tx = t;
      if (random() < dropout) break;
    }
    out.push({ frequency: x, recency: tx, age });
  }
  return out;
}

/** RFM in days from a customer's purchase times: repeat purchases are distinct later days. */
export function rfmFromPurchases(times: Date[], asOf: Date): RfmSummary | undefined {
  const days = [...new Set(times.filter((t) => t.getTime() <= asOf.getTime()).map((t) => Math.floor(t.getTime() / 86_400_000)))].sort((a, b) => a - b);
  if (!days.length) return undefined;
  const first = days[0];
  const asOfDay = asOf.getTime() / 86_400_000;
  return { frequency: days.length - 1, recency: days[days.length - 1] - first, age: Math.max(asOfDay - first, days[days.length - 1] - first) };
}
