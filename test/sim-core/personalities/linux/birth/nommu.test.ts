import * as assert from 'node:assert/strict';
import { Engine } from '../../../../../sim-core/src/index.js';
import { expect } from '../../../../support/scenario-builder.js';
import { eventsOf, fdRows, outcomeOf, phasesOf, run, taskNamed, world } from './birth-world.js';

const NOMMU = { arch: 'x86_64', mmu: false };

describe('linux on a nommu machine', () => {
  it('has no fork: ENOSYS from kernel_clone, and no child', () => {
    const e = run(world({ machine: NOMMU, steps: [{ task: 'shell', call: 'fork', child: 'kid' }] }));
    assert.equal(outcomeOf(e, 0), 'ENOSYS');
    const o = e.outcomes().get(0)!;
    assert.ok(!o.ok && 'errno' in o && o.phase === 'linux.birth.kernel_clone');
    assert.deepEqual(phasesOf(eventsOf(e, 0)), ['linux.birth.kernel_clone']);
    assert.equal(e.state.names['kid'], undefined);
  });

  it('has vfork: the child borrows the parent\'s memory and the parent sleeps', () => {
    const e = run(
      world({
        machine: NOMMU,
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          expect({ what: 'state', task: 'shell', state: 'blocked' }),
          expect({ what: 'shares', task: 'kid', other: 'shell', resource: 'memory', shared: true }),
        ],
      }),
    );
    assert.equal(outcomeOf(e, 0), 'ok 101');
    const notes = eventsOf(e, 0).flatMap((x) => (x.kind === 'note' ? [x.text] : []));
    assert.equal(notes[0], 'nommu: the vfork child runs on the parent\'s memory and stack until it calls execve or _exit (SEEDS 002)');
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true]);
  });

  it('runs the shell\'s subshell as vfork and an exec of itself, with the context sent through a pipe', () => {
    // SEEDS 002 (Rob Landley): create a pipe pair, vfork, the child execs itself to unblock the
    // parent, then the parent writes the context the exec discarded into the pipe.
    const e = run(
      world({
        machine: NOMMU,
        tasks: [{ name: 'sh', pid: 100, exe: '/bin/toybox', comm: 'sh', fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }] }],
        steps: [
          { task: 'sh', call: 'fork', child: 'forked' },
          { task: 'sh', call: 'pipe', name: 'ctx', flags: [] },
          { task: 'sh', call: 'store', variable: 'subshell_vars', value: 'x=1' },
          { task: 'sh', call: 'vfork', child: 'sub' },
          { task: 'sh', call: 'close', fd: 1 },
          { task: 'sub', call: 'close', fd: 2 },
          { task: 'sub', call: 'execve', path: '/bin/toybox', argv: ['sh', '--subshell-fd', '1'] },
          expect({ what: 'result', action: 0, outcome: 'ENOSYS' }),
          expect({ what: 'state', task: 'sh', state: 'running' }),
          expect({ what: 'exe', task: 'sub', path: '/bin/toybox' }),
          expect({ what: 'argv', task: 'sub', argv: ['sh', '--subshell-fd', '1'] }),
          expect({ what: 'memory', task: 'sub', variable: 'subshell_vars', value: null }),
          expect({ what: 'memory', task: 'sh', variable: 'subshell_vars', value: 'x=1' }),
          expect({ what: 'fd-table', task: 'sub', rows: [{ fd: 0, target: '/dev/tty', access: 'rw' }, { fd: 1, target: 'pipe:ctx[read]', access: 'ro' }] }),
        ],
      }),
    );
    assert.deepEqual([...e.expectationResults().values()].filter((r) => !r.passed), []);
    // The parent's close waited until the child's exec released it.
    const order = e.events().flatMap((x) => (x.kind === 'action-started' ? [x.action] : []));
    assert.deepEqual(order, [0, 1, 2, 3, 5, 6, 4]);
    assert.ok(e.events().some((x) => x.kind === 'action-deferred' && x.action === 4));
    assert.deepEqual(fdRows(e.state, 'sh'), ['0 → /dev/tty (rw)', '2 → pipe:ctx[write] (wo)']);
  });

  it('refuses clone without CLONE_VM before running, saying why', () => {
    const r = Engine.create(world({ machine: NOMMU, steps: [{ task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_FILES'] }] }));
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.problems.map((p) => [p.at, p.message]),
      [['actions[0].flags', 'clone without CLONE_VM on a nommu machine is not simulated: the child gets an mm with no mappings while it keeps running on the same physical memory (mm/nommu.c: dup_mmap)']],
    );
  });

  it('accepts clone with CLONE_VM: the child shares memory and the parent keeps running', () => {
    const e = run(world({ machine: NOMMU, steps: [{ task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_VM'] }] }));
    assert.equal(outcomeOf(e, 0), 'ok 101');
    assert.equal(taskNamed(e.state, 'shell').threads[0]!.run.state, 'running');
  });
});
