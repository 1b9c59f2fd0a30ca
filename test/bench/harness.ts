/**
 * A small benchmark harness for `npm run bench`: each benchmark runs a few
 * times, the median is reported, and ratios are computed between benchmarks
 * measured in the same run (machines here are noisy; medians of one run
 * compared with each other are what the issues ask for).
 */
export interface BenchResult {
  readonly name: string;
  readonly median: number;
  readonly runs: readonly number[];
  readonly unit: string;
  readonly extra?: Record<string, string | number>;
}

export interface BenchSuite {
  readonly name: string;
  run(report: (line: string) => void): Promise<BenchResult[]> | BenchResult[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times `fn` `runs` times after `warmup` untimed runs; milliseconds. `setup` runs before each call, untimed. */
export function measure<S>(
  name: string,
  fn: (s: S) => void,
  opts: { runs?: number; warmup?: number; setup?: () => S } = {},
): BenchResult {
  const runs = opts.runs ?? 7;
  const warmup = opts.warmup ?? 2;
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const s = opts.setup ? opts.setup() : (undefined as S);
    const t0 = performance.now();
    fn(s);
    const t = performance.now() - t0;
    if (i >= warmup) times.push(t);
  }
  return { name, median: median(times), runs: times, unit: 'ms' };
}

export function fmt(ms: number): string {
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

export function row(r: BenchResult): string {
  const extra = r.extra ? '  ' + Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  return `  ${r.name.padEnd(58)} median ${fmt(r.median).padStart(10)}${extra}`;
}
