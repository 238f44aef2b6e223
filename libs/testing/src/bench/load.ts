import { performance } from 'node:perf_hooks';

/**
 * Load generation for the `npm run bench:*` scripts.
 *
 * Open loop: call i is due at start + i/rps whatever the server does, so a slow server cannot
 * slow the clock down (no coordinated omission). Each call records two figures:
 *   - latency: from the moment the call was actually sent to its answer (what the caller waits);
 *   - lateness: how late the generator sent it against the schedule (timer resolution, the
 *     generator's own event loop). Printed beside the latencies so the harness's error is visible.
 * Closed loop: `concurrency` callers back to back, the throughput ceiling.
 */
export interface LoadResult {
  name: string;
  mode: string;
  sent: number;
  ok: number;
  errors: number;
  /** Open loop: arrivals not sent because `maxInFlight` calls were already waiting (past saturation). */
  shed: number;
  firstError?: string;
  seconds: number;
  /** Milliseconds from send to answer, successful calls only. */
  latencies: number[];
  /** Milliseconds between a call's scheduled and actual send time (open loop only). */
  lateness: number[];
}

export interface OpenLoopOptions {
  name: string;
  rps: number;
  seconds: number;
  /** Calls allowed to wait at once; further arrivals are counted as shed. Default 256. */
  maxInFlight?: number;
  /** Called about every `progressEverySeconds` with a progress line. */
  progress?: (line: string) => void;
  progressEverySeconds?: number;
  call: (i: number) => Promise<unknown>;
}

const emptyResult = (name: string, mode: string): LoadResult => ({ name, mode, sent: 0, ok: 0, errors: 0, shed: 0, seconds: 0, latencies: [], lateness: [] });

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function openLoop(o: OpenLoopOptions): Promise<LoadResult> {
  const r = emptyResult(o.name, `open loop ${o.rps} rps`);
  const maxInFlight = o.maxInFlight ?? 256;
  const total = Math.round(o.rps * o.seconds);
  const interval = 1000 / o.rps;
  const start = performance.now();
  // Only a counter of calls in flight: keeping every call's promise until the end would make each one
  // survive the generator's young-generation GCs, and those copies stalled it by 10–30 ms.
  let inFlight = 0;
  let allSent = false;
  let drained: () => void = () => undefined;
  const settled = () => {
    inFlight--;
    if (allSent && inFlight === 0) drained();
  };
  let lastProgress = start;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every call whose scheduled time has come (call i is due at start + i·interval).
      const due = Math.min(total, Math.floor((now - start) / interval) + 1);
      while (r.sent < due) {
        const i = r.sent++;
        const scheduled = start + i * interval;
        if (inFlight >= maxInFlight) {
          r.shed++;
          continue;
        }
        inFlight++;
        const sentAt = performance.now();
        r.lateness.push(sentAt - scheduled);
        let promise: Promise<unknown>;
        try {
          promise = o.call(i);
        } catch (err) {
          promise = Promise.reject(err);
        }
        promise.then(
          () => {
            r.ok++;
            r.latencies.push(performance.now() - sentAt);
            settled();
          },
          (err) => {
            r.errors++;
            r.firstError ??= errorText(err);
            settled();
          },
        );
      }
      if (o.progress && now - lastProgress >= (o.progressEverySeconds ?? 5) * 1000) {
        lastProgress = now;
        o.progress(`${o.name}: ${r.sent}/${total} sent, ${r.ok} answered, ${inFlight} in flight, ${r.errors} errors, ${r.shed} shed`);
      }
      if (r.sent >= total) return resolve();
      // Sleep until the next call is due (timers resolve to 1 ms; lateness shows what that costs).
      setTimeout(tick, Math.max(1, start + r.sent * interval - performance.now()));
    };
    tick();
  });
  await new Promise<void>((resolve) => {
    drained = resolve;
    allSent = true;
    if (inFlight === 0) resolve();
  });
  r.seconds = (performance.now() - start) / 1000;
  return r;
}

export interface ClosedLoopOptions {
  name: string;
  concurrency: number;
  seconds: number;
  call: (i: number) => Promise<unknown>;
}

export async function closedLoop(o: ClosedLoopOptions): Promise<LoadResult> {
  const r = emptyResult(o.name, `closed loop x${o.concurrency}`);
  const start = performance.now();
  const until = start + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const i = r.sent++;
        try {
          await o.call(i);
          r.ok++;
          r.latencies.push(performance.now() - t);
        } catch (err) {
          r.errors++;
          r.firstError ??= errorText(err);
        }
      }
    }),
  );
  r.seconds = (performance.now() - start) / 1000;
  return r;
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN };
}

/** `--name value` flags of a bench or CLI script; a present flag with no valid number is an error. */
export function numberFlags(argv: readonly string[]) {
  return (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const value = Number(argv[i + 1]);
    if (argv[i + 1] === undefined || !Number.isFinite(value)) throw new Error(`--${name} needs a number (got ${argv[i + 1] ?? 'nothing'})`);
    return value;
  };
}
