/**
 * Engine throughput: events recorded per second on a long batch of
 * statements (worlds.ts: longBatch — nine file and signal calls and one exec in
 * every ten). Target: at least 1M events/s. Each run builds a fresh engine
 * (untimed) and runs it to the end. A third batch of statements that do next to
 * nothing shows the engine's own cost per event, apart from the personality's.
 */
import { Engine, type Scenario } from '../../sim-core/src/index.js';
import { fmt, measure, median, row, type BenchResult, type BenchSuite } from './harness.js';
import { collect, longBatch, lookupsOnly, variedBatch } from './worlds.js';

const TARGET_EVENTS_PER_S = 1_000_000;

/**
 * A fixed piece of plain JavaScript (1M Map inserts and lookups, 1M small
 * objects kept): its time says how fast this machine is right now, so that
 * figures taken on a loaded or slow machine can be compared with others (the
 * engine's figures scale with it).
 */
function reference(): number {
  const t0 = performance.now();
  const m = new Map<number, { a: number }>();
  for (let i = 0; i < 1_000_000; i++) m.set(i, { a: i });
  let x = 0;
  for (let i = 0; i < 1_000_000; i++) x += m.get(i)!.a;
  const t = performance.now() - t0;
  if (x < 0) throw new Error('unreachable');
  return t;
}

const suite: BenchSuite = {
  name: 'engine: throughput on a long batch scenario',
  run(report) {
    const results: BenchResult[] = [];
    const ref = [reference(), reference(), reference()].sort((a, b) => a - b)[1]!;
    report(`  machine reference (1M Map inserts + lookups): ${fmt(ref)}`);
    collect();
    const batches: Array<[string, Scenario]> = [
      ['long batch, 20,000 statements', longBatch(20_000)],
      ['long batch, 100,000 statements', longBatch(100_000)],
      // The same mix with nothing repeated exactly (no two execs alike, files, fds and signals drawn at random).
      ['varied batch, 100,000 statements', variedBatch(100_000)],
      // The engine's share: statements whose personality work is one lookup.
      ['100,000 fcntl(F_GETFD), engine cost', lookupsOnly(100_000)],
    ];
    for (const [name, sc] of batches) {
      const statements = sc.actions.length;
      let events = 0;
      // CPU time of the process (GC threads included) next to the wall time:
      // on a shared machine the wall time also counts time others took.
      const cpu: number[] = [];
      const r = measure(
        name,
        (e: Engine) => {
          const c0 = process.cpuUsage();
          e.runToEnd();
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
          events = e.length;
        },
        {
          runs: statements >= 100_000 ? 5 : 7,
          warmup: 2,
          setup: () => {
            collect();
            return new Engine(sc);
          },
        },
      );
      const perSecond = events / (r.median / 1000);
      const cpuMedian = median(cpu.slice(cpu.length - r.runs.length));
      results.push({ ...r, extra: { events, 'events/s': Math.round(perSecond).toLocaleString('en'), 'ns/event': ((r.median * 1e6) / events).toFixed(0), 'cpu ms': cpuMedian.toFixed(0) } });
      report(row(results[results.length - 1]!));
      report(
        `  ${fmt(r.median)} for ${events.toLocaleString('en')} events: ${(perSecond / 1e6).toFixed(2)}M events/s (target ≥ ${TARGET_EVENTS_PER_S / 1e6}M: ${perSecond >= TARGET_EVENTS_PER_S ? 'met' : 'NOT met'}); by CPU time ${fmt(cpuMedian)}: ${(events / cpuMedian / 1000).toFixed(2)}M events/s`,
      );
    }
    return results;
  },
};

export default suite;
