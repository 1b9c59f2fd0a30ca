/**
 * Time travel: restoring an earlier event must not get slower as the history
 * grows (engine/tape.ts keeps the state after every event). From the end of a
 * run of ~10 events and of one of ~100k events, restore the oldest event and
 * read its fd table, then come back to the end; 10,000 times. The ratio of the
 * medians must stay ≤ 1.5.
 *
 * Also shown, without a target: 10,000 restores of random events all over the
 * history. Those touch states spread over the whole heap, so they measure the
 * memory cache as much as the engine; and the memory a recorded history takes,
 * per 100k events (heap after a full collection: node --expose-gc).
 */
import { Engine, fdTableOf } from '../../sim-core/src/index.js';
import { measure, row, type BenchResult, type BenchSuite } from './harness.js';
import { collect, longBatch, variedBatch } from './worlds.js';

const MOVES = 10_000;
const TARGET_RATIO = 1.5;

/** The same pseudo-random sequence every run (a linear congruential generator). */
function randomEvents(length: number): Int32Array {
  const out = new Int32Array(MOVES);
  let x = 12345;
  for (let i = 0; i < MOVES; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x % length;
  }
  return out;
}

function restoreAndReturn(engine: Engine, target: number): number {
  const end = engine.length - 1;
  let fds = 0;
  for (let i = 0; i < MOVES; i++) {
    engine.moveTo(target);
    fds += fdTableOf(engine.state, 100).slots.size;
    engine.moveTo(end);
  }
  return fds;
}

function restoreEach(engine: Engine, where: Int32Array): number {
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
    for (const statements of [1, 12_500]) {
      const e = new Engine(longBatch(statements));
      e.runToEnd();
      runs.push([`${e.length.toLocaleString('en')} events of history`, e]);
    }
    const oldest: BenchResult[] = [];
    for (const [name, engine] of runs) {
      const r = measure(`restore the oldest event and back, ${name}`, () => void restoreAndReturn(engine, 0), { runs: 9, warmup: 3 });
      oldest.push({ ...r, extra: { 'ns/restore': ((r.median * 1e6) / MOVES).toFixed(0) } });
      report(row(oldest[oldest.length - 1]!));
    }
    const ratio = oldest[1]!.median / oldest[0]!.median;
    report(`  ratio ${runs[1]![0]} / ${runs[0]![0]}: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`);
    results.push(...oldest);

    for (const [name, engine] of runs) {
      const where = randomEvents(engine.length);
      const r = measure(`random restores, ${name}`, () => void restoreEach(engine, where), { runs: 9, warmup: 3 });
      results.push({ ...r, extra: { 'ns/restore': ((r.median * 1e6) / MOVES).toFixed(0) } });
      report(row(results[results.length - 1]!));
    }

    // Memory: what a history of ~100k events adds, after full collections: the
    // heap and the typed columns the tape and frame table keep outside it.
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    // The engines above go first: freed while these are measured, they would be counted against them.
    runs.length = 0;
    if (!collect()) {
      report('  memory: run node with --expose-gc (npm run bench does) to measure it');
      return results;
    }
    const measured: Engine[] = [];
    for (const [name, sc] of [
      ['long batch', longBatch(14_000)],
      ['varied batch', variedBatch(14_000)],
    ] as const) {
      // The engine measured before stays alive: one freed during a measure would be counted against it.
      collect();
      const before = used();
      const engine = new Engine(sc);
      engine.runToEnd();
      measured.push(engine);
      collect();
      const after = used();
      const perEvent = (after - before) / engine.length;
      report(
        `  memory, ${name}: ${engine.length.toLocaleString('en')} events take ${((after - before) / 2 ** 20).toFixed(1)} MiB: ${perEvent.toFixed(0)} bytes/event, ${((perEvent * 100_000) / 2 ** 20).toFixed(1)} MiB per 100k events`,
      );
      results.push({ name: `memory per 100k events, ${name}`, median: (perEvent * 100_000) / 2 ** 20, runs: [], unit: 'MiB' });
    }
    if (measured.some((e) => !e.done)) throw new Error('unreachable');
    return results;
  },
};

export default suite;
