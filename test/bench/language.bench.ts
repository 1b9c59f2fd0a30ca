/**
 * The scenario language on large files: parse + validate + lower (what the
 * command line and the debug adapter do before a run, and the language server
 * after each edit). Targets: a 1,000-line scenario ≤ 50 ms and a 10,000-line
 * one ≤ 500 ms, median.
 */
import { parseScenario } from '../../language-server/src/language/index.js';
import { median, row, type BenchResult, type BenchSuite } from './harness.js';
import { largeScenario } from './scenario-text.js';

/** CPU time of this process in ms: on a shared machine it shows how much of the wall time was ours. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function measureAsync(name: string, fn: () => Promise<unknown>, runs: number, warmup: number): Promise<BenchResult & { cpuMedian: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    await fn();
    const t = performance.now() - t0;
    if (i >= warmup) {
      times.push(t);
      cpu.push(cpuMs() - c0);
    }
  }
  return { name, median: median(times), runs: times, unit: 'ms', cpuMedian: median(cpu) };
}

const suite: BenchSuite = {
  name: 'scenario language',
  async run(report) {
    const results: BenchResult[] = [];
    // Steady state, as in the language server where the same code checks every edit: warm up first.
    for (const [lines, target, runs, warmup] of [
      [1_000, 50, 31, 15],
      [10_000, 500, 9, 3],
    ] as const) {
      const text = largeScenario(lines);
      const check = await parseScenario(text);
      if (!check.scenario) throw new Error(`the generated ${lines}-line scenario is invalid: ${check.diagnostics[0]?.message}`);
      const r = await measureAsync(`parse + validate + lower, ${lines.toLocaleString('en-US')} lines`, () => parseScenario(text), runs, warmup);
      const result: BenchResult = {
        name: r.name,
        median: r.median,
        runs: r.runs,
        unit: r.unit,
        extra: { target: `${target} ms`, meets: r.median <= target ? 'yes' : 'no', 'cpu(median)': `${r.cpuMedian.toFixed(1)} ms`, 'µs/line': Math.round((r.median * 1000) / lines) },
      };
      results.push(result);
      report(row(result));
    }
    report(`  ratio 10,000 / 1,000 lines: ${(results[1]!.median / results[0]!.median).toFixed(1)}×`);
    return results;
  },
};

export default suite;
