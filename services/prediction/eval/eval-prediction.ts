/**
 * Offline evaluation of the prediction models on a transaction file (a script, not a test).
 *
 *   npm run eval:prediction -- <transactions.csv> [--split YYYY-MM-DD] [--holdout-share 0.25]
 *   npm run eval:prediction -- --cdnow
 *
 * CSV columns: customer_id,product_id,date,quantity[,price] (header optional; date ISO or YYYYMMDD).
 * Calibration = purchases before the split date (default: the last 25% of the time span is the holdout).
 * --synthetic <out.csv> writes a replenishment-style file with known consumption rates (and evaluates it).
 * --cdnow exports the CDNOW sample shipped with the `lifetimes` Python package (MIT) to a temp directory,
 * checks our BG/NBD fit against the published parameters, then evaluates it like any other file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { BgNbdParams, expectedPurchases, fitBgNbd, probabilityAlive, RfmSummary } from '../src/forecasting/domain/bg-nbd';
import { fitGammaGamma } from '../src/forecasting/domain/gamma-gamma';
import { auc } from '../src/forecasting/domain/numeric';
import { estimatePriors, groupPurchases, PurchaseRecord } from '../src/forecasting/domain/pair-scoring';
import { DAY_MS, forecastReplenishment, mergeSameDay } from '../src/forecasting/domain/replenishment';
import { syntheticCustomers } from '../src/forecasting/domain/synthetic-histories';

const PUBLISHED_CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const LIFETIMES_INSTALL = 'pip install lifetimes   (Python 3; the package ships the CDNOW data)';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

function python(code: string, input?: string): string | undefined {
  for (const bin of ['python3', 'python']) {
    try {
      return execFileSync(bin, ['-c', code], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    } catch (err) {
      const e = err as { code?: string; stderr?: string };
      if (e.code === 'ENOENT') continue;
      if (/No module named .?lifetimes/.test(e.stderr ?? '')) return undefined;
      throw new Error(`${bin} failed: ${(e.stderr ?? String(err)).split('\n').slice(-3).join(' ')}`);
    }
  }
  return undefined;
}

function parseDate(s: string): Date {
  const t = s.trim();
  const d = /^\d{8}$/.test(t) ? new Date(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T00:00:00Z`) : new Date(t.length === 10 ? `${t}T00:00:00Z` : t);
  if (Number.isNaN(d.getTime())) throw new Error(`bad date "${s}"`);
  return d;
}

function readTransactions(file: string): PurchaseRecord[] {
  const rows: string[][] = parse(readFileSync(file, 'utf8'), { skip_empty_lines: true, trim: true, relax_column_count: true });
  if (!rows.length) throw new Error(`${file} is empty`);
  const body = /customer/i.test(rows[0][0]) ? rows.slice(1) : rows;
  const out: PurchaseRecord[] = [];
  let bad = 0;
  for (const [i, r] of body.entries()) {
    try {
      if (r.length < 4) throw new Error('fewer than 4 columns');
      const quantity = Number(r[3]);
      if (!(quantity > 0)) throw new Error(`quantity "${r[3]}"`);
      out.push({ customerId: r[0], productId: r[1], purchasedAt: parseDate(r[2]), quantity });
    } catch (err) {
      if (bad++ < 5) console.warn(`  skipping line ${i + 2}: ${(err as Error).message}`);
    }
  }
  if (bad) console.warn(`  ${bad} bad lines skipped`);
  return out;
}

function rfm(times: Date[], end: Date, unitDays: number): RfmSummary {
  const days = [...new Set(times.map((t) => Math.floor(t.getTime() / DAY_MS)))].sort((a, b) => a - b);
  return { frequency: days.length - 1, recency: (days[days.length - 1] - days[0]) / unitDays, age: (end.getTime() / DAY_MS - days[0]) / unitDays };
}

function evaluate(records: PurchaseRecord[], split?: Date): void {
  const t0 = Math.min(...records.map((r) => r.purchasedAt.getTime()));
  const t1 = Math.max(...records.map((r) => r.purchasedAt.getTime()));
  const holdoutShare = Number(flag('holdout-share') ?? 0.25);
  const splitAt = split ?? new Date(Math.floor((t1 - (t1 - t0) * holdoutShare) / DAY_MS) * DAY_MS);
  const endAt = new Date(Math.floor(t1 / DAY_MS) * DAY_MS + DAY_MS);
  const holdoutDays = (endAt.getTime() - splitAt.getTime()) / DAY_MS;
  const calibration = records.filter((r) => r.purchasedAt < splitAt);
  const holdout = records.filter((r) => r.purchasedAt >= splitAt);
  const customers = new Set(records.map((r) => r.customerId)).size;
  console.log(`\n${records.length.toLocaleString()} purchases, ${customers.toLocaleString()} customers, ${new Set(records.map((r) => r.productId)).size} products`);
  console.log(`calibration ${new Date(t0).toISOString().slice(0, 10)} .. ${splitAt.toISOString().slice(0, 10)} (${calibration.length.toLocaleString()} purchases), holdout ${holdoutDays.toFixed(0)} days (${holdout.length.toLocaleString()} purchases)`);

  // Replenishment: the first holdout purchase of each customer × product bought in calibration.
  const cal = groupPurchases(calibration);
  const nextPurchase = new Map<string, number>();
  for (const r of holdout) {
    const k = `${r.customerId}\u0000${r.productId}`;
    if (!nextPurchase.has(k) || r.purchasedAt.getTime() < nextPurchase.get(k)!) nextPurchase.set(k, r.purchasedAt.getTime());
  }
  const priors = estimatePriors(cal, new Map());
  const errors = { model: [] as number[], lastInterval: [] as number[], productMedian: [] as number[] };
  let inBand = 0;
  let withOwnInterval = 0;
  for (const [customerId, products] of cal)
    for (const [productId, history] of products) {
      const actual = nextPurchase.get(`${customerId}\u0000${productId}`);
      if (actual === undefined) continue;
      const prior = priors.get(productId);
      const f = forecastReplenishment(productId, history, prior);
      if (!f || !prior?.medianIntervalDays) continue;
      const merged = mergeSameDay(history);
      const last = merged[merged.length - 1].at.getTime();
      const medianGuess = last + prior.medianIntervalDays * DAY_MS;
      const lastIntervalGuess = merged.length >= 2 ? last + (last - merged[merged.length - 2].at.getTime()) : medianGuess;
      if (merged.length >= 2) withOwnInterval++;
      errors.model.push(Math.abs(f.runOutAt.getTime() - actual) / DAY_MS);
      errors.lastInterval.push(Math.abs(lastIntervalGuess - actual) / DAY_MS);
      errors.productMedian.push(Math.abs(medianGuess - actual) / DAY_MS);
      if (actual >= f.bandStart.getTime() && actual <= f.bandEnd.getTime()) inBand++;
    }
  const mae = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const n = errors.model.length;
  console.log(`\nReplenishment: next purchase date of ${n.toLocaleString()} customer × product pairs bought again in the holdout (${withOwnInterval.toLocaleString()} with an own interval)`);
  console.log(`  ${'method'.padEnd(36)} ${'MAE days'.padStart(9)} ${'in band'.padStart(8)}`);
  console.log(`  ${'model (shrunk rate, 80% band)'.padEnd(36)} ${fmt(mae(errors.model), 1).padStart(9)} ${`${fmt((100 * inBand) / n, 1)}%`.padStart(8)}`);
  console.log(`  ${"baseline: customer's last interval".padEnd(36)} ${fmt(mae(errors.lastInterval), 1).padStart(9)} ${'—'.padStart(8)}`);
  console.log(`  ${"baseline: product's median interval".padEnd(36)} ${fmt(mae(errors.productMedian), 1).padStart(9)} ${'—'.padStart(8)}`);
  console.log(`  (last-interval baseline falls back to the product median for single-purchase pairs)`);

  // Customer level, in weeks like the BG/NBD literature.
  const unit = 7;
  const calTimes = new Map<string, Date[]>();
  for (const r of calibration) (calTimes.get(r.customerId) ?? calTimes.set(r.customerId, []).get(r.customerId)!).push(r.purchasedAt);
  const holdoutDaysByCustomer = new Map<string, Set<number>>();
  for (const r of holdout) (holdoutDaysByCustomer.get(r.customerId) ?? holdoutDaysByCustomer.set(r.customerId, new Set()).get(r.customerId)!).add(Math.floor(r.purchasedAt.getTime() / DAY_MS));
  const ids = [...calTimes.keys()];
  const summaries = ids.map((id) => rfm(calTimes.get(id)!, splitAt, unit));
  const actual = ids.map((id) => holdoutDaysByCustomer.get(id)?.size ?? 0);
  const horizon = holdoutDays / unit;
  const started = Date.now();
  const fit = fitBgNbd(summaries);
  const fitMs = Date.now() - started;
  const ours = summaries.map((s) => expectedPurchases(fit.params, s, horizon));
  const naive = summaries.map((s) => (s.age > 0 ? (s.frequency / s.age) * horizon : 0));
  const rmse = (pred: number[]) => Math.sqrt(pred.reduce((acc, p, i) => acc + (p - actual[i]) ** 2, 0) / pred.length);
  const buys = actual.map((a) => a > 0);
  console.log(`\nCustomer level: ${ids.length.toLocaleString()} calibration customers, ${buys.filter(Boolean).length.toLocaleString()} buy again in the holdout (${horizon.toFixed(1)} weeks)`);
  console.log(`  BG/NBD (ours, ML by Nelder–Mead, ${fitMs} ms): r=${fmt(fit.params.r, 4)} α=${fmt(fit.params.alpha, 4)} a=${fmt(fit.params.a, 4)} b=${fmt(fit.params.b, 4)}  LL=${fmt(fit.logLikelihood, 2)}`);
  console.log(`  ${'method'.padEnd(36)} ${'RMSE'.padStart(8)} ${'AUC'.padStart(7)}`);
  console.log(`  ${'BG/NBD (ours)'.padEnd(36)} ${fmt(rmse(ours), 3).padStart(8)} ${fmt(auc(ours, buys), 3).padStart(7)}`);
  console.log(`  ${'baseline: naive rate x/T'.padEnd(36)} ${fmt(rmse(naive), 3).padStart(8)} ${fmt(auc(naive, buys), 3).padStart(7)}`);
  const repeaters = summaries.map((s, i) => [s, i] as const).filter(([s]) => s.frequency > 0);
  const pAlive = repeaters.map(([s]) => probabilityAlive(fit.params, s));
  console.log(`  ${'P(alive), repeat customers only'.padEnd(36)} ${''.padStart(8)} ${fmt(auc(pAlive, repeaters.map(([, i]) => buys[i])), 3).padStart(7)}`);

  const input = summaries.map((s) => `${s.frequency},${s.recency},${s.age}`).join('\n');
  let out: string | undefined;
  try {
    out = python(
    `import sys, json
import pandas as pd
from lifetimes import BetaGeoFitter
d = pd.read_csv(sys.stdin, header=None, names=['x','tx','T'])
f = BetaGeoFitter(penalizer_coef=0.0).fit(d['x'], d['tx'], d['T'])
p = f.conditional_expected_number_of_purchases_up_to_time(${horizon}, d['x'], d['tx'], d['T'])
print(json.dumps({'params': f.params_.to_dict(), 'pred': [float(v) for v in p]}))`,
    input,
    );
  } catch (err) {
    console.log(`  lifetimes BetaGeoFitter failed on this split: ${(err as Error).message}`);
    return;
  }
  if (!out) {
    console.log(`  lifetimes: not installed — ${LIFETIMES_INSTALL}`);
    return;
  }
  const lt = JSON.parse(out) as { params: { r: number; alpha: number; a: number; b: number }; pred: number[] };
  console.log(`  ${'lifetimes BetaGeoFitter (same split)'.padEnd(36)} ${fmt(rmse(lt.pred), 3).padStart(8)} ${fmt(auc(lt.pred, buys), 3).padStart(7)}   r=${fmt(lt.params.r, 4)} α=${fmt(lt.params.alpha, 4)} a=${fmt(lt.params.a, 4)} b=${fmt(lt.params.b, 4)}`);
}

function cdnow(): void {
  const dir = mkdtempSync(join(tmpdir(), 'concierge-cdnow-'));
  const out = python(
    `import os, lifetimes
from lifetimes.datasets import load_cdnow_summary
d = load_cdnow_summary(index_col=[0])
d[['frequency','recency','T']].to_csv(os.path.join('${dir}', 'summary.csv'), index=False)
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value
m = load_cdnow_summary_data_with_monetary_value()
m[m.frequency > 0][['frequency','monetary_value']].to_csv(os.path.join('${dir}', 'spend.csv'), index=False)
src = os.path.join(os.path.dirname(lifetimes.__file__), 'datasets', 'CDNOW_sample.txt')
with open(src) as f, open(os.path.join('${dir}', 'transactions.csv'), 'w') as o:
    o.write('customer_id,product_id,date,quantity,price\\n')
    for line in f:
        p = line.split()
        if len(p) == 5: o.write(f"{p[1]},cd,{p[2]},{p[3]},{p[4]}\\n")
print('ok')`,
  );
  if (!out) {
    console.error(`The lifetimes Python package is not installed; it ships the CDNOW data. Install it with:\n  ${LIFETIMES_INSTALL}`);
    process.exit(2);
  }
  console.log(`CDNOW sample (2,357 customers) exported from the lifetimes package (MIT) to ${dir} — not committed to the repo`);
  const rows = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const started = Date.now();
  const fit = fitBgNbd(rows.map(([frequency, recency, age]) => ({ frequency, recency, age })));
  console.log(`\nBG/NBD on the CDNOW summary (weeks), ours in ${Date.now() - started} ms:`);
  let ok = true;
  for (const k of ['r', 'alpha', 'a', 'b'] as const) {
    const rel = Math.abs(fit.params[k] / PUBLISHED_CDNOW[k] - 1);
    ok &&= rel < 0.01;
    console.log(`  ${k.padEnd(5)} ours ${fmt(fit.params[k], 4).padStart(7)}  published ${fmt(PUBLISHED_CDNOW[k], 3).padStart(6)}  diff ${fmt(100 * rel, 2)}%  ${rel < 0.01 ? 'OK' : 'OFF BY >1%'}`);
  }
  console.log(`  log-likelihood ${fmt(fit.logLikelihood, 4)} — ${ok ? 'all four within 1% of the published parameters' : 'NOT within 1%'}`);
  const spend = readFileSync(join(dir, 'spend.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const gg = fitGammaGamma(spend.map(([frequency, monetaryValue]) => ({ frequency, monetaryValue })));
  console.log(`\nGamma-Gamma on CDNOW repeat customers (${spend.length}): p=${fmt(gg.params.p, 4)} q=${fmt(gg.params.q, 4)} v=${fmt(gg.params.v, 4)} (lifetimes docs: p=6.25, q=3.74, v=15.44)`);
  writeFileSync(join(dir, 'README.txt'), 'CDNOW sample exported from the lifetimes package (MIT licence) for an offline evaluation run.\n');
  evaluate(readTransactions(join(dir, 'transactions.csv')), new Date('1997-10-01T00:00:00Z'));
  if (!ok) process.exitCode = 1;
}

function synthetic(out: string): void {
  const products = [
    { id: 'coffee-250g', spec: { medianDaysPerPack: 14, betweenSd: 0.35, withinSd: 0.2 } },
    { id: 'tea-100g', spec: { medianDaysPerPack: 30, betweenSd: 0.4, withinSd: 0.25 } },
    { id: 'filters-100', spec: { medianDaysPerPack: 60, betweenSd: 0.3, withinSd: 0.2 } },
  ];
  const lines = ['customer_id,product_id,date,quantity'];
  products.forEach(({ id, spec }, p) => {
    for (const c of syntheticCustomers(spec, 3000, (i) => 1 + (i % 12), 17 + p, new Date('2024-01-01T09:00:00Z')))
      for (const e of c.history) if (e.at < new Date('2026-01-01T00:00:00Z')) lines.push(`${c.customerId},${id},${e.at.toISOString().slice(0, 10)},${e.quantity}`);
  });
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`wrote ${lines.length - 1} synthetic purchases (3 products, 3,000 customers each, known rates) to ${out}`);
}

function main(): void {
  if (args.includes('--cdnow')) return cdnow();
  if (flag('synthetic')) {
    synthetic(flag('synthetic')!);
    return evaluate(readTransactions(flag('synthetic')!), flag('split') ? parseDate(flag('split')!) : undefined);
  }
  const file = args.find((a) => !a.startsWith('--') && a !== flag('split') && a !== flag('holdout-share'));
  if (!file) {
    console.error('usage: npm run eval:prediction -- <transactions.csv> [--split YYYY-MM-DD] [--holdout-share 0.25]\n       npm run eval:prediction -- --cdnow');
    process.exit(2);
  }
  const split = flag('split') ? parseDate(flag('split')!) : undefined;
  evaluate(readTransactions(file), split);
}

main();
