/**
 * Fork scaling: a shell forks N children in a row (worlds.ts: forks), for N =
 * 1k, 10k and 50k. Each fork copies a small fd table and adds one process and
 * one name, so the time per fork must stay flat as N grows (ratio of the time
 * per fork at 50k to that at 1k ≤ 1.5). Each run builds a fresh engine
 * (untimed: validation) and runs it to the end.
 */
import { Engine } from '../../sim-core/src/index.js';
import { measure, row, type BenchResult, type BenchSuite } from './harness.js';
import { collect, forks } from './worlds.js';

const SIZES = [1_000, 10_000, 50_000];
const TARGET_RATIO = 1.5;

const suite: BenchSuite = {
  name: 'engine: N forks in a row (time per fork against N)',
  run(report) {
    const results: BenchResult[] = [];
    const perFork: number[] = [];
    for (const n of SIZES) {
      const sc = forks(n);
      let events = 0;
      let processes = 0;
      const r = measure(
        `${n.toLocaleString('en')} forks`,
        (e: Engine) => {
          e.runToEnd();
          events = e.length;
          processes = e.stateAt(e.length - 1).tasks.size;
        },
        {
          runs: n >= 50_000 ? 3 : 5,
          // The small size goes first: let the JIT settle on it.
          warmup: n >= 10_000 ? 1 : 5,
          setup: () => {
            collect();
            return new Engine(sc);
          },
        },
      );
      if (processes !== n + 1) throw new Error(`${n} forks left ${processes} processes, not ${n + 1}`);
      const us = (r.median * 1000) / n;
      perFork.push(us);
      results.push({ ...r, extra: { 'µs/fork': us.toFixed(2), events, 'events/s': Math.round(events / (r.median / 1000)).toLocaleString('en') } });
      report(row(results[results.length - 1]!));
    }
    const ratio = perFork[perFork.length - 1]! / perFork[0]!;
    report(
      `  time per fork, ${SIZES[SIZES.length - 1]!.toLocaleString('en')} forks / ${SIZES[0]!.toLocaleString('en')} forks: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}, flat: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`,
    );
    return results;
  },
};

export default suite;
