/**
 * Hurd same-task exec cost against the number of port names the task holds:
 * glibc's destroy list is every name it does not pass on (mach_port_names),
 * and the exec server destroys each one (HURD exec/exec.c do_exec). The cost
 * should grow linearly: compare the medians' ratio with the names' ratio.
 */
import { Engine, type Scenario } from '../../sim-core/src/index.js';
import type { PortSpec } from '../../sim-core/src/scenario/scenario.js';
import { fmt, measure, row, type BenchResult, type BenchSuite } from './harness.js';

function scenarioWith(names: number): Scenario {
  const ports: PortSpec[] = [];
  for (let i = 0; i < names; i++) ports.push({ name: 1000 + i, label: `receive right ${i}`, right: 'receive' });
  return {
    system: 'hurd',
    machine: { arch: 'x86_64', mmu: true },
    filesystem: { mounts: [{ path: '/', fstype: 'ext2fs' }], nodes: [{ kind: 'file', path: '/bin/prog', content: { type: 'elf', machine: 'x86_64' } }] },
    tasks: [{ name: 'shell', pid: 100, hurd: { ports } }],
    actions: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'], index: 0, loc: { line: 1, column: 1, endLine: 1, endColumn: 2 } }],
    expectations: [],
  };
}

const suite: BenchSuite = {
  name: 'hurd: same-task exec with N port names (destroy list)',
  run(report) {
    const results: BenchResult[] = [];
    for (const n of [1_000, 10_000, 100_000]) {
      const s = scenarioWith(n);
      const r = measure(`execve with ${n.toLocaleString('en')} extra names`, (engine: Engine) => engine.runToEnd(), {
        runs: n >= 100_000 ? 5 : 7,
        warmup: 1,
        setup: () => new Engine(s),
      });
      const check = new Engine(s);
      check.runToEnd();
      const destroyed = check.events().find((e) => e.kind === 'hurd-rights' && e.op === 'destroy' && e.names.length > n);
      results.push({ ...r, extra: { names: n, destroyed: destroyed && destroyed.kind === 'hurd-rights' ? destroyed.names.length : 0, 'µs/name': ((r.median * 1000) / n).toFixed(2) } });
      report(row(results[results.length - 1]!));
    }
    const [a, b, c] = results;
    report(`  ratio 10k/1k: ${(b!.median / a!.median).toFixed(1)} (names ×10); 100k/10k: ${(c!.median / b!.median).toFixed(1)} (names ×10); 100k median ${fmt(c!.median)}`);
    return results;
  },
};

export default suite;
