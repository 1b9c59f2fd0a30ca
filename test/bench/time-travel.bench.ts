/**
 * Time travel: restoring an earlier event must not get slower as the history
 * grows. 10,000 moves to random earlier events (and a read of the fd table
 * there) on a run of ~10 events and on one of ~100k events; the ratio of the
 * medians must stay ≤ 1.5. Also the memory a recorded history takes, per
 * 100k events (heap after a full collection, node --expose-gc).
 */
import { Engine, fdTableOf } from '../../sim-core/src/index.js';
import { fmt, measure, row, type BenchResult, type BenchSuite } from './harness.js';
import { collect, longBatch } from './worlds.js';

const MOVES = 10_000;
const TARGET_RATIO = 1.5;

/** The same pseudo-random sequence every run (a linear congruential generator). */
function targets(length: number): Int32Array {
  const out = new Int32Array(MOVES);
  let x = 12345;
  for (let i = 0; i < MOVES; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x % length;
  }
  return out;
}

function restores(engine: Engine, where: Int32Array): number {
  let fds = 0;
  for (let i = 0; i < where.length; i++) {
    engine.moveTo(where[i]!);
    fds += fdTableOf(engine.state, 100).slots.size;
  }
  return fds;
}

const suite: BenchSuite = {
  name: 'engine: time travel (restore latency, memory of the history)',
  run(report) {
    const results: BenchResult[] = [];
    const runs: Array<[string, Engine]> = [];
    for (const statements of [2, 12_000]) {
      const e = new Engine(longBatch(statements));
      e.runToEnd();
      runs.push([`${e.length.toLocaleString('en')} events of history`, e]);
    }
    for (const [name, engine] of runs) {
      const where = targets(engine.length);
      const r = measure(`${MOVES.toLocaleString('en')} restores, ${name}`, () => void restores(engine, where), { runs: 9, warmup: 3 });
      results.push({ ...r, extra: { 'ns/restore': ((r.median * 1e6) / MOVES).toFixed(0) } });
      report(row(results[results.length - 1]!));
    }
    const ratio = results[1]!.median / results[0]!.median;
    report(`  ratio long/short: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`);

    // Memory: the heap a 100k-event history adds, after full collections.
    const sc = longBatch(14_000);
    if (!collect()) {
      report('  memory: run node with --expose-gc (npm run bench does) to measure it');
      return results;
    }
    const before = process.memoryUsage().heapUsed;
    const engine = new Engine(sc);
    engine.runToEnd();
    collect();
    const after = process.memoryUsage().heapUsed;
    const perEvent = (after - before) / engine.length;
    report(`  memory: ${engine.length.toLocaleString('en')} events take ${((after - before) / 2 ** 20).toFixed(1)} MiB: ${perEvent.toFixed(0)} bytes/event, ${((perEvent * 100_000) / 2 ** 20).toFixed(1)} MiB per 100k events`);
    results.push({ name: 'memory per 100k events', median: (perEvent * 100_000) / 2 ** 20, runs: [], unit: 'MiB' });
    // Keep the engine alive until measured.
    if (engine.length === 0) report('  (empty run)');
    return results;
  },
};

export default suite;
