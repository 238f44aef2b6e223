/**
 * Scores 1,000,000 customer × product pairs (250,000 customers × 4 products, 2–12 purchases each) with the
 * service's own scoring code, then fits BG/NBD on 100,000 customers, and prints time and memory.
 *   npm run bench:prediction -- [--pairs 1000000] [--products 4] [--bgnbd 100000]
 */
import { cpus } from 'node:os';
import { fitBgNbd, simulateBgNbd } from '../src/forecasting/domain/bg-nbd';
import { seededRandom } from '../src/forecasting/domain/numeric';
import { DEFAULT_OUTREACH_SETTINGS } from '../src/forecasting/domain/outreach-policy';
import { estimatePriors, scoreCustomer } from '../src/forecasting/domain/pair-scoring';
import { CatalogHint, PurchaseEvent } from '../src/forecasting/domain/replenishment';
import { syntheticCustomers } from '../src/forecasting/domain/synthetic-histories';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const PAIRS = arg('pairs', 1_000_000);
const PRODUCTS = arg('products', 4);
const BGNBD_CUSTOMERS = arg('bgnbd', 100_000);
const CHUNK = 10_000;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};

const specs = Array.from({ length: PRODUCTS }, (_, p) => ({ medianDaysPerPack: 7 + 7 * p, betweenSd: 0.35, withinSd: 0.2 }));
const catalog = new Map<string, CatalogHint>(specs.map((s, p) => [`p${p}`, { typicalDaysOfUse: s.medianDaysPerPack, packSize: '250 g' }]));
const customers = Math.ceil(PAIRS / PRODUCTS);
const purchasesOf = (i: number) => 2 + (i % 11);

function chunk(start: number, size: number): Map<string, Map<string, PurchaseEvent[]>> {
  const out = new Map<string, Map<string, PurchaseEvent[]>>();
  specs.forEach((spec, p) => {
    for (const c of syntheticCustomers(spec, size, (i) => purchasesOf(start + i), 1000 * p + start)) {
      const id = `c${start + Number(c.customerId.slice(1))}`;
      let products = out.get(id);
      if (!products) out.set(id, (products = new Map()));
      products.set(`p${p}`, c.history);
    }
  });
  return out;
}

function main(): void {
  console.log(`prediction bench: ${customers.toLocaleString()} customers × ${PRODUCTS} products = ${(customers * PRODUCTS).toLocaleString()} pairs on ${cpus().length} cores, node ${process.version}`);
  let t = process.hrtime.bigint();
  const priors = estimatePriors(chunk(0, 50_000), catalog);
  console.log(`  product priors from 50,000 customers: ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`);

  t = process.hrtime.bigint();
  let pairs = 0;
  let purchases = 0;
  let generationNs = 0n;
  for (let start = 0; start < customers; start += CHUNK) {
    const g0 = process.hrtime.bigint();
    const batch = chunk(start, Math.min(CHUNK, customers - start));
    generationNs += process.hrtime.bigint() - g0;
    for (const [customerId, products] of batch) {
      for (const events of products.values()) purchases += events.length;
      pairs += scoreCustomer(customerId, products, priors, catalog, undefined, DEFAULT_OUTREACH_SETTINGS).length;
    }
    sample();
    if ((start / CHUNK) % 25 === 24) process.stdout.write(`  … ${pairs.toLocaleString()} pairs\n`);
  }
  const totalMs = Number(process.hrtime.bigint() - t) / 1e6;
  const scoringMs = totalMs - Number(generationNs) / 1e6;
  console.log(`  scored ${pairs.toLocaleString()} pairs (${purchases.toLocaleString()} purchases): scoring ${(scoringMs / 1000).toFixed(1)} s = ${Math.round(pairs / (scoringMs / 1000)).toLocaleString()} pairs/s (+ ${(Number(generationNs) / 1e9).toFixed(1)} s generating data)`);

  t = process.hrtime.bigint();
  const data = simulateBgNbd({ r: 0.6, alpha: 12, a: 0.8, b: 2.5 }, BGNBD_CUSTOMERS, 52, seededRandom(1)).map((d) => ({ ...d, recency: Math.round(d.recency * 7) / 7 }));
  const fit = fitBgNbd(data);
  sample();
  console.log(`  BG/NBD fit on ${BGNBD_CUSTOMERS.toLocaleString()} customers (recency rounded to days): ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms, r=${fit.params.r.toFixed(3)} α=${fit.params.alpha.toFixed(2)} a=${fit.params.a.toFixed(3)} b=${fit.params.b.toFixed(3)} (true 0.6, 12, 0.8, 2.5)`);
  const m = process.memoryUsage();
  console.log(`  memory: peak RSS ${mb(peakRss)}, peak heap used ${mb(peakHeap)}; now RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}`);
}

main();
