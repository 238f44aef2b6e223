/**
 * Evaluates the affect scorer on labeled sentiment data (GoEmotions, English and its Russian translation)
 * beside the plain `sentiment` (AFINN) and `vader-sentiment` packages, run on the same rows in the same run.
 *
 *   npm run eval:affect -- [dir]            report on the test splits (default dir /work/shared/data/goemotions)
 *   npm run eval:affect -- [dir] --tune     grid-search the mood thresholds on the dev splits only
 *
 * Splits (no tuning on test): English dev = en-train.tsv, English test = en-dev.tsv (the held-out GoEmotions
 * test file is not distributed with the data); Russian = ru-dev.csv split by a hash of the comment id into
 * dev (even) and test (odd) halves. Label mapping: see docs/affect.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sentiment from 'sentiment';
import { parseCsv } from '../src/knowledge/domain/chunker';
import { readAffect, SCORER } from '../src/affect';
import { lexiconPolarity } from '../src/affect/domain/read-affect';
import { learnKey, LEXICON_WEIGHTS, stemRu } from '../src/affect/domain/lexicon';
import { writeFileSync } from 'node:fs';
import { tokenize } from '../src/affect/domain/text';
import afinnRu from '@nlpjs/lang-ru/src/sentiment/afinn_ru.json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } };

type Label = 'negative' | 'neutral' | 'positive';
interface Row { text: string; label: Label; id: string }
/** A 3-class label and a signed score (forced positive-vs-negative choice: score > 0 positive, < 0 negative, 0 = no answer). */
type Predictor = (text: string) => { label: Label; score: number };

const GROUP: Record<string, Label | 'ambiguous'> = {};
for (const e of ['admiration', 'amusement', 'approval', 'caring', 'desire', 'excitement', 'gratitude', 'joy', 'love', 'optimism', 'pride', 'relief']) GROUP[e] = 'positive';
for (const e of ['anger', 'annoyance', 'disappointment', 'disapproval', 'disgust', 'embarrassment', 'fear', 'grief', 'nervousness', 'remorse', 'sadness']) GROUP[e] = 'negative';
for (const e of ['confusion', 'curiosity', 'realization', 'surprise']) GROUP[e] = 'ambiguous';
GROUP.neutral = 'neutral';

const args = process.argv.slice(2);
const tune = args.includes('--tune');
const learn = args.includes('--learn');
const dir = args.find((a) => !a.startsWith('--')) ?? '/work/shared/data/goemotions';

function fail(message: string): never {
  process.stderr.write(`eval:affect: ${message}\n`);
  process.exit(2);
}

/** A row is kept when all its labels fall in one of negative / neutral / positive (ambiguous dropped). */
function single(groups: Array<Label | 'ambiguous' | undefined>): Label | undefined {
  const set = new Set(groups);
  if (set.size !== 1) return undefined;
  const [g] = set;
  return g === 'ambiguous' || g === undefined ? undefined : g;
}

function readEnglish(file: string): Row[] {
  const groupNames = readFileSync(join(dir, 'en-group-labels.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const rows: Row[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [text, ids, id] = line.split('\t');
    if (!text || !ids) continue;
    const label = single(ids.split(',').map((i) => groupNames[Number(i)] as Label | 'ambiguous' | undefined));
    if (label) rows.push({ text, label, id: id ?? '' });
  }
  return rows;
}

function readRussian(file: string): Row[] {
  const names = new Map<number, string>();
  for (const line of readFileSync(join(dir, 'ru-id-to-label.yaml'), 'utf8').split('\n')) {
    const m = /^\s*(\d+)\s*:\s*(\S+)/.exec(line);
    if (m) names.set(Number(m[1]), m[2].replace(/['"]/g, ''));
  }
  const [header, ...body] = parseCsv(readFileSync(file, 'utf8'));
  const col = (n: string) => header.indexOf(n);
  const [ti, li, ii] = [col('ru_text'), col('labels'), col('id')];
  if (ti < 0 || li < 0) fail(`${file}: expected columns ru_text and labels`);
  const rows: Row[] = [];
  for (const r of body) {
    const ids = (r[li].match(/\d+/g) ?? []).map(Number);
    const label = single(ids.map((i) => GROUP[names.get(i) ?? '']));
    if (label && r[ti]?.trim()) rows.push({ text: r[ti], label, id: r[ii] ?? '' });
  }
  return rows;
}

const half = (id: string): 'dev' | 'test' => (createHash('sha1').update(id).digest()[0] % 2 === 0 ? 'dev' : 'test');

interface Metrics { n: number; accuracy: number; macroF1: number; negRecall: number; posNegAccuracy: number; posNegN: number }

function evaluate(rows: Row[], predict: Predictor, name: string): Metrics {
  const labels: Label[] = ['negative', 'neutral', 'positive'];
  const confusion = new Map<string, number>();
  let correct = 0;
  let pnCorrect = 0;
  let pnN = 0;
  const started = Date.now();
  rows.forEach((row, i) => {
    const { label: p, score } = predict(row.text);
    if (p === row.label) correct++;
    confusion.set(`${row.label}>${p}`, (confusion.get(`${row.label}>${p}`) ?? 0) + 1);
    if (row.label !== 'neutral') {
      pnN++;
      // Positive-vs-negative: the sign of the score; a score of exactly 0 counts as wrong.
      if ((score > 0 && row.label === 'positive') || (score < 0 && row.label === 'negative')) pnCorrect++;
    }
    if ((i + 1) % 5000 === 0) process.stderr.write(`  ${name}: ${i + 1}/${rows.length} rows (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  });
  const count = (gold: Label, pred: Label) => confusion.get(`${gold}>${pred}`) ?? 0;
  const f1s = labels.map((l) => {
    const tp = count(l, l);
    const fp = labels.reduce((s, g) => s + (g === l ? 0 : count(g, l)), 0);
    const fn = labels.reduce((s, p) => s + (p === l ? 0 : count(l, p)), 0);
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  const negTotal = labels.reduce((s, p) => s + count('negative', p), 0);
  return {
    n: rows.length,
    accuracy: correct / rows.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / 3,
    negRecall: negTotal ? count('negative', 'negative') / negTotal : 0,
    posNegAccuracy: pnN ? pnCorrect / pnN : 0,
    posNegN: pnN,
  };
}

const afinn = new Sentiment();
const baselines: Record<string, Predictor> = {
  'sentiment (AFINN)': (t) => { const s = afinn.analyze(t).score; return { label: s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral', score: s }; },
  'vader-sentiment': (t) => { const c = vader.SentimentIntensityAnalyzer.polarity_scores(t).compound; return { label: c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral', score: c }; },
};
const AFINN_RU = afinnRu as Record<string, string>;
const russianBaseline: Predictor = (t) => {
  let s = 0;
  for (const tok of tokenize(t)) s += Number(AFINN_RU[stemRu(tok)] ?? 0) || 0;
  return { label: s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral', score: s };
};
const ours = (language: 'en' | 'ru'): Predictor => (t) => {
  const a = readAffect({ text: t, language });
  // Forced choice: a frustrated reading counts as negative even when the words are mixed.
  return { label: a.mood, score: a.mood === 'negative' ? -1 : a.mood === 'positive' ? 1 : a.sentiment - a.frustration / 2 };
};

const pct = (v: number) => (v * 100).toFixed(1).padStart(5);
function table(title: string, results: Array<[string, Metrics]>): void {
  console.log(`\n${title}`);
  console.log(`  ${'scorer'.padEnd(34)} ${'rows'.padStart(6)}  acc3   macroF1  negRecall  pos-vs-neg acc (rows)`);
  for (const [name, m] of results)
    console.log(`  ${name.padEnd(34)} ${String(m.n).padStart(6)}  ${pct(m.accuracy)}  ${pct(m.macroF1)}    ${pct(m.negRecall)}      ${pct(m.posNegAccuracy)} (${m.posNegN})`);
}

/** Grid search of the mood thresholds on a dev split, maximising 3-class macro-F1 (fast confusion counting). */
function tuneOn(rows: Row[], language: 'en' | 'ru'): void {
  const idx = { negative: 0, neutral: 1, positive: 2 } as const;
  const gold = rows.map((r) => idx[r.label]);
  const readings = rows.map((r) => readAffect({ text: r.text, language }));
  const sent = Float64Array.from(readings, (a) => a.sentiment);
  const frus = Float64Array.from(readings, (a) => a.frustration);
  let best = { objective: -1, f1: 0, negRecall: 0, negativeAt: 0, positiveAt: 0, frustratedAt: 0 };
  for (let negativeAt = -0.8; negativeAt <= 0.051; negativeAt += 0.025)
    for (let positiveAt = 0; positiveAt <= 0.601; positiveAt += 0.025)
      for (const frustratedAt of [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 1.01]) {
        const c = new Int32Array(9);
        for (let i = 0; i < gold.length; i++) {
          const p = frus[i] >= frustratedAt || sent[i] <= negativeAt ? 0 : sent[i] >= positiveAt ? 2 : 1;
          c[gold[i] * 3 + p]++;
        }
        let f1 = 0;
        for (let l = 0; l < 3; l++) {
          const tp = c[l * 3 + l];
          const fp = c[l] + c[3 + l] + c[6 + l] - tp;
          const fn = c[l * 3] + c[l * 3 + 1] + c[l * 3 + 2] - tp;
          f1 += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
        }
        f1 /= 3;
        const negRecall = c[0] / (c[0] + c[1] + c[2]);
        // Objective: macro-F1 plus a quarter of negative recall — missing an upset customer costs more than a false alarm.
        const objective = f1 + 0.25 * negRecall;
        if (objective > best.objective) best = { objective, f1, negRecall, negativeAt, positiveAt, frustratedAt };
      }
  console.log(`  best on ${language} dev: macroF1 ${pct(best.f1)}, negRecall ${pct(best.negRecall)} with negativeAt ${best.negativeAt.toFixed(3)}, positiveAt ${best.positiveAt.toFixed(3)}, frustratedAt ${best.frustratedAt}`);
}

/**
 * Learns corpus polarity per token (per stem for Russian) from a dev split: smoothed log-odds of the
 * positive vs the negative class, shrunk when the token is just as common in neutral rows. Writes only
 * the derived weights (no text) to src/affect/domain/learned-lexicon.<lang>.json.
 */
function learnLexicon(rows: Row[], language: 'en' | 'ru', minCount: number): void {
  const counts = { positive: new Map<string, number>(), negative: new Map<string, number>(), neutral: new Map<string, number>() };
  const docs = { positive: 0, negative: 0, neutral: 0 };
  for (const row of rows) {
    docs[row.label]++;
    for (const key of new Set(tokenize(row.text).map((t) => learnKey(t, language)))) counts[row.label].set(key, (counts[row.label].get(key) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  const vocab = new Set([...counts.positive.keys(), ...counts.negative.keys()]);
  for (const key of vocab) {
    const p = counts.positive.get(key) ?? 0;
    const n = counts.negative.get(key) ?? 0;
    const u = counts.neutral.get(key) ?? 0;
    if (p + n < minCount || /^\d+$/.test(key)) continue;
    const pr = (p + 1) / (docs.positive + 2);
    const nr = (n + 1) / (docs.negative + 2);
    const ur = (u + 1) / (docs.neutral + 2);
    let w = Math.log(pr / nr);
    // A word as frequent in neutral rows as in polar ones carries little sentiment.
    const polarity = Math.max(pr, nr) / ur;
    w *= Math.min(1, Math.max(0, Math.log(polarity) / Math.log(3)));
    if (Math.abs(w) < 0.35) continue;
    out[key] = Math.round(Math.max(-3, Math.min(3, w)) * 100) / 100;
  }
  const file = join(__dirname, `../src/affect/domain/learned-lexicon.${language}.json`);
  writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))) + '\n');
  console.log(`  learned ${Object.keys(out).length} ${language} weights from ${rows.length} dev rows → ${file}`);
}

function main(): void {
  for (const f of ['en-train.tsv', 'en-dev.tsv', 'en-group-labels.txt', 'ru-dev.csv', 'ru-id-to-label.yaml'])
    if (!existsSync(join(dir, f))) fail(`${join(dir, f)} not found (pass the GoEmotions directory as the first argument)`);
  process.stderr.write(`reading ${dir} ...\n`);
  const enDev = readEnglish(join(dir, 'en-train.tsv'));
  const enTest = readEnglish(join(dir, 'en-dev.tsv'));
  const ru = readRussian(join(dir, 'ru-dev.csv'));
  const ruDev = ru.filter((r) => half(r.id) === 'dev');
  const ruTest = ru.filter((r) => half(r.id) === 'test');
  process.stderr.write(`rows kept (single sentiment group): en dev ${enDev.length}, en test ${enTest.length}, ru dev ${ruDev.length}, ru test ${ruTest.length}\n`);
  console.log(`scorer in use: mood thresholds ${JSON.stringify(SCORER.mood)}, learned-lexicon weight ${LEXICON_WEIGHTS.learned}`);

  if (learn) {
    learnLexicon(enDev, 'en', 12);
    learnLexicon(ruDev, 'ru', 4);
    return;
  }
  if (tune) {
    for (const learned of [1, 1.5]) {
      LEXICON_WEIGHTS.learned = learned;
      console.log(`learned-lexicon weight ${learned}:`);
      tuneOn(enDev, 'en');
      tuneOn(ruDev, 'ru');
    }
    LEXICON_WEIGHTS.learned = 1.5;
    tuneOn(enDev, 'en');
    tuneOn(ruDev, 'ru');
    table('English DEV (en-train.tsv) — for tuning only', [['concierge affect', evaluate(enDev, ours('en'), 'ours en dev')]]);
    table('Russian DEV (ru-dev.csv, even half) — for tuning only', [['concierge affect', evaluate(ruDev, ours('ru'), 'ours ru dev')]]);
    return;
  }
  table('English TEST (en-dev.tsv, not used for tuning)', [
    ['concierge affect', evaluate(enTest, ours('en'), 'ours en')],
    ...Object.entries(baselines).map(([n, p]) => [n, evaluate(enTest, p, n)] as [string, Metrics]),
  ]);
  table('Russian TEST (ru-dev.csv, odd half by id hash, not used for tuning)', [
    ['concierge affect', evaluate(ruTest, ours('ru'), 'ours ru')],
    ['afinn_ru lexicon sum (@nlpjs/lang-ru)', evaluate(ruTest, russianBaseline, 'afinn_ru')],
    ...Object.entries(baselines).map(([n, p]) => [n, evaluate(ruTest, p, n)] as [string, Metrics]),
  ]);
  console.log('\npos-vs-neg acc: rows labelled positive or negative, forced choice by the sign of each scorer\'s score (0 = wrong).');
  void lexiconPolarity;
}

main();
