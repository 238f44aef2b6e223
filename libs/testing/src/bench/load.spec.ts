import { closedLoop, numberFlags, openLoop, percentile, summarize } from './load';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bench load generator', () => {
  it('open loop sends every arrival on schedule, not one interval late', async () => {
    const sentAt: number[] = [];
    const t0 = performance.now();
    const r = await openLoop({ name: 'x', rps: 50, seconds: 0.4, call: async () => void sentAt.push(performance.now() - t0) });
    expect(r.sent).toBe(20);
    expect(r.ok).toBe(20);
    // The first call goes out at once; a generator that waits a whole interval (20 ms) per call is wrong.
    expect(sentAt[0]).toBeLessThan(15);
    expect(percentile([...r.lateness].sort((a, b) => a - b), 50)).toBeLessThan(20);
  });

  it('measures latency from the send, counts errors with the first message, and sheds past the in-flight cap', async () => {
    const r = await openLoop({
      name: 'slow',
      rps: 100,
      seconds: 0.2,
      maxInFlight: 5,
      call: async (i) => {
        await sleep(60);
        if (i === 1) throw new Error('boom');
      },
    });
    expect(r.sent).toBe(20);
    expect(r.ok + r.errors + r.shed).toBe(20);
    expect(r.errors).toBe(1);
    expect(r.firstError).toBe('boom');
    expect(r.shed).toBeGreaterThan(0);
    expect(Math.min(...r.latencies)).toBeGreaterThanOrEqual(55);
  });

  it('a call that throws synchronously is an error, not a crash', async () => {
    const r = await openLoop({
      name: 'sync',
      rps: 100,
      seconds: 0.05,
      call: () => {
        throw new Error('sync boom');
      },
    });
    expect(r.errors).toBe(r.sent);
    expect(r.firstError).toBe('sync boom');
  });

  it('closed loop keeps `concurrency` callers busy for the duration', async () => {
    let peak = 0;
    let now = 0;
    const r = await closedLoop({
      name: 'c',
      concurrency: 4,
      seconds: 0.2,
      call: async () => {
        peak = Math.max(peak, ++now);
        await sleep(10);
        now--;
      },
    });
    expect(peak).toBe(4);
    expect(r.ok).toBeGreaterThan(20);
  });

  it('percentiles are nearest-rank', () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(s, 50)).toBe(50);
    expect(percentile(s, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 });
  });

  it('number flags reject a missing or non-numeric value', () => {
    const flag = numberFlags(['--rps', '300', '--seconds', 'ten', '--last']);
    expect(flag('rps', 1)).toBe(300);
    expect(flag('absent', 7)).toBe(7);
    expect(() => flag('seconds', 1)).toThrow('--seconds needs a number (got ten)');
    expect(() => flag('last', 1)).toThrow('--last needs a number (got nothing)');
  });
});
