/**
 * Linux exec cost against the size of the fd table: 1k, 10k, 100k and 1M open
 * fds, half of them close-on-exec (fs/exec.c begin_new_exec → do_close_on_exec
 * walks the table once). The cost must grow linearly and stay within 0.2 s at
 * 1M fds. The engine is built once per size (validation and the initial table
 * are not timed); each run throws the previous one away with an edit before
 * the first event and runs the exec again.
 */
import { Engine } from '../../sim-core/src/index.js';
import { fmt, measure, row, type BenchResult, type BenchSuite } from './harness.js';
import { collect, shellWithFds } from './worlds.js';

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
const TARGET_1M_MS = 200;

const suite: BenchSuite = {
  name: 'engine: Linux exec with N open fds (half close-on-exec)',
  run(report) {
    const results: BenchResult[] = [];
    for (const n of SIZES) {
      const sc = shellWithFds(n);
      const t0 = performance.now();
      const engine = new Engine(sc);
      const built = performance.now() - t0;
      const r = measure(`execve with ${n.toLocaleString('en')} fds`, (e: Engine) => e.runToEnd(), {
        runs: n >= 1_000_000 ? 5 : 9,
        // Small sizes are measured first: give the JIT time to settle, they cost little.
        warmup: n >= 1_000_000 ? 1 : n >= 100_000 ? 3 : 30,
        setup: () => {
          engine.moveTo(-1);
          engine.edit((s) => s, 'run again');
          collect();
          return engine;
        },
      });
      const closed = engine.events().find((e) => e.kind === 'fd-closed' && e.reason === 'close-on-exec');
      const closedCount = closed && closed.kind === 'fd-closed' ? closed.fds.length : 0;
      if (closedCount !== n / 2) throw new Error(`the exec closed ${closedCount} fds, not ${n / 2}`);
      results.push({ ...r, extra: { 'ns/fd': ((r.median * 1e6) / n).toFixed(0), closed: closedCount, 'engine built in': fmt(built) } });
      report(row(results[results.length - 1]!));
    }
    const [k1, k10, k100, m1] = results as [BenchResult, BenchResult, BenchResult, BenchResult];
    const norm = (a: BenchResult, b: BenchResult, factor: number) => (b.median / a.median / factor).toFixed(2);
    report(`  growth normalised by the fd ratio (1.00 = linear): 10k/1k ${norm(k1, k10, 10)}, 100k/10k ${norm(k10, k100, 10)}, 1M/100k ${norm(k100, m1, 10)}, 1M/1k ${norm(k1, m1, 1000)}`);
    report(`  1M fds: ${fmt(m1.median)} (target ≤ ${TARGET_1M_MS} ms: ${m1.median <= TARGET_1M_MS ? 'met' : 'NOT met'})`);
    return results;
  },
};

export default suite;
