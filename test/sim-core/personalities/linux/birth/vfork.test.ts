import * as assert from 'node:assert/strict';
import { Engine, renderTrace } from '../../../../../sim-core/src/index.js';
import { expect } from '../../../../support/scenario-builder.js';
import { assertGolden } from '../../../../support/golden.js';
import { eventsOf, fdRows, indexOf, outcomeOf, phasesOf, run, taskNamed, threadStateAt, world } from './birth-world.js';

describe('linux vfork', () => {
  it('creates the child through kernel_clone, copy_process, ret_from_fork and then sleeps in wait_for_vfork_done', () => {
    const e = run(world({ steps: [{ task: 'shell', call: 'vfork', child: 'kid' }] }));
    assert.deepEqual(phasesOf(eventsOf(e, 0)), [
      'linux.birth.kernel_clone',
      'linux.birth.copy_process',
      'linux.birth.copy_files',
      'linux.birth.copy_mm',
      'linux.birth.copy_thread',
      'linux.birth.ret_from_fork',
      'linux.birth.wait_for_vfork_done',
    ]);
    assert.equal(outcomeOf(e, 0), 'ok 101');
    const kid = taskNamed(e.state, 'kid');
    assert.deepEqual({ pid: kid.pid, ppid: kid.ppid, tids: kid.threads.map((t) => t.tid) }, { pid: 101, ppid: 100, tids: [101] });
    assert.deepEqual(kid.vforkParent, { pid: 100, tid: 100 });
  });

  it('runs the child\'s ret_from_fork on the child\'s thread before the parent blocks', () => {
    const e = run(world({ steps: [{ task: 'shell', call: 'vfork', child: 'kid' }] }));
    const ret = indexOf(e, (x) => x.kind === 'phase-entered' && x.phase === 'linux.birth.ret_from_fork');
    const blocked = indexOf(e, (x) => x.kind === 'thread-blocked');
    assert.ok(ret < blocked);
    assert.equal(e.event(ret).frame?.pid, 101);
    assert.equal(e.event(blocked).frame?.pid, 100);
    assert.deepEqual(
      [threadStateAt(e, ret, 'shell'), threadStateAt(e, blocked, 'shell')],
      ['running', 'blocked'],
    );
  });

  it('blocks only the calling thread of the parent', () => {
    const e = run(
      world({
        tasks: [{ name: 'shell', pid: 100, exe: '/bin/sh', threads: [{ name: 'worker', tid: 105 }] }],
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'shell', thread: 'worker', call: 'store', variable: 'w', value: 'ran' },
        ],
      }),
    );
    assert.equal(outcomeOf(e, 1), 'ok');
    const shell = taskNamed(e.state, 'shell');
    assert.deepEqual(shell.threads.map((t) => [t.name, t.run.state]), [['main', 'blocked'], ['worker', 'running']]);
  });

  it('releases the parent at exec_mmap, after the point of no return, and the deferred parent statement then runs', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'shell', call: 'close', fd: 1 },
          { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
        ],
      }),
    );
    const all = e.events();
    const deferred = indexOf(e, (x) => x.kind === 'action-deferred' && x.action === 1);
    const ponr = indexOf(e, (x) => x.kind === 'point-of-no-return');
    const mmap = indexOf(e, (x) => x.kind === 'phase-entered' && x.phase === 'linux.exec_mmap');
    const resumed = indexOf(e, (x) => x.kind === 'thread-resumed');
    const closeStarts = indexOf(e, (x) => x.kind === 'action-started' && x.action === 1);
    assert.ok(deferred < ponr && ponr < mmap && mmap < resumed && resumed < closeStarts);
    const r = all[resumed]!;
    assert.equal(r.kind === 'thread-resumed' && `${r.pid}/${r.tid}`, '100/100');
    assert.equal(r.frame?.phase, 'linux.birth.complete_vfork_done');
    assert.equal(r.frame?.parent?.phase, 'linux.exec_mmap');
    assert.deepEqual([threadStateAt(e, resumed - 1, 'shell'), threadStateAt(e, resumed, 'shell')], ['blocked', 'running']);
    assert.equal(outcomeOf(e, 1), 'ok 0');
    assert.deepEqual(fdRows(e.state, 'shell'), ['0 → /dev/tty (rw)', '3 → /etc/motd (ro, cloexec)']);
  });

  it('keeps the parent asleep when the child\'s exec fails before the point of no return', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'shell', call: 'close', fd: 1 },
          { task: 'kid', call: 'execve', path: '/bin/missing', argv: ['missing'] },
          expect({ what: 'state', task: 'shell', state: 'blocked' }),
          expect({ what: 'result', action: 2, outcome: 'ENOENT' }),
        ],
      }),
    );
    assert.equal(outcomeOf(e, 2), 'ENOENT');
    assert.equal(e.events().filter((x) => x.kind === 'thread-resumed').length, 0);
    assert.equal(taskNamed(e.state, 'shell').threads[0]!.run.state, 'blocked');
    assert.equal(outcomeOf(e, 1), 'blocked: never ran: in vfork until kid (pid 101) execs or exits');
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true]);
  });

  it('releases the parent when the child exits after a failed exec', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'kid', call: 'execve', path: '/bin/missing', argv: ['missing'] },
          { task: 'kid', call: 'exit', status: 127 },
        ],
      }),
    );
    const evs = eventsOf(e, 2);
    const resumed = evs.find((x) => x.kind === 'thread-resumed');
    assert.ok(resumed && resumed.kind === 'thread-resumed');
    assert.equal(resumed.reason, 'vfork child 101 exited: vfork() returns 101 in the parent');
    assert.deepEqual(evs.map((x) => x.kind).filter((k) => k !== 'phase-left' && k !== 'note'), [
      'action-started',
      'phase-entered',
      'thread-resumed',
      'thread-killed',
      'fd-closed',
      'process-exited',
      'action-finished',
    ]);
    assert.equal(taskNamed(e.state, 'shell').threads[0]!.run.state, 'running');
  });

  it('releases the parent when an exec kills the child after the point of no return', () => {
    // Past create_elf_tables' room in 64 KiB yet under the temporary stack's limit (measured on 6.18, no stack randomisation).
    const big = 'x'.repeat(65_200);
    const e = run(
      world({
        tasks: [{ name: 'shell', pid: 100, exe: '/bin/sh', rlimits: { stack: 64 * 1024 } }],
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true', big] },
        ],
      }),
    );
    assert.equal(outcomeOf(e, 1), 'killed SIGSEGV');
    assert.equal(e.events().filter((x) => x.kind === 'thread-resumed').length, 1);
    assert.equal(taskNamed(e.state, 'shell').threads[0]!.run.state, 'running');
  });

  it('shares memory with the parent: the child\'s stores are the parent\'s values', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'store', variable: 'status', value: 'before' },
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'kid', call: 'store', variable: 'status', value: 'set by the child' },
          expect({ what: 'memory', task: 'shell', variable: 'status', value: 'set by the child' }),
          expect({ what: 'shares', task: 'kid', other: 'shell', resource: 'memory', shared: true }),
          expect({ what: 'shares', task: 'kid', other: 'shell', resource: 'files', shared: false }),
        ],
      }),
    );
    assert.deepEqual([...e.expectationResults().values()].map((r) => [r.passed, r.seen]), [
      [true, 'status = set by the child'],
      [true, 'address space #1 and #1'],
      [true, 'fd table #2 and #1'],
    ]);
  });

  it('gives the child its own fd table: close and open in the child leave the parent\'s table alone', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'kid', call: 'close', fd: 0 },
          { task: 'kid', call: 'open', path: '/etc/motd', flags: ['O_RDONLY'] },
        ],
      }),
    );
    assert.deepEqual(fdRows(e.state, 'kid'), ['0 → /etc/motd (ro)', '1 → /dev/tty (rw)', '3 → /etc/motd (ro, cloexec)']);
    assert.deepEqual(fdRows(e.state, 'shell'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '3 → /etc/motd (ro, cloexec)']);
  });

  it('leaves the parent with its memory when the child execs: the child gets a new address space', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'kid', call: 'store', variable: 'v', value: '1' },
          { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
          { task: 'kid', call: 'store', variable: 'v', value: '2' },
          { task: 'shell', call: 'store', variable: 'p', value: 'x' },
        ],
      }),
    );
    const shell = taskNamed(e.state, 'shell');
    const kid = taskNamed(e.state, 'kid');
    assert.notEqual(shell.mm, kid.mm);
    assert.deepEqual(e.state.mms.get(shell.mm)!.variables, { v: '1', p: 'x' });
    assert.deepEqual(e.state.mms.get(kid.mm)!.variables, { v: '2' });
    assert.equal(e.state.mms.get(shell.mm)!.users, 1);
  });

  it('clears vfork_done when the waiting parent is killed, so the child\'s exec finds no parent to wake', () => {
    const e = run(
      world({
        tasks: [
          { name: 'shell', pid: 100, exe: '/bin/sh' },
          { name: 'admin', pid: 50, exe: '/bin/sh' },
        ],
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'admin', call: 'kill', target: 'shell', signal: 'SIGKILL' },
          { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
        ],
      }),
    );
    const notes = eventsOf(e, 1).flatMap((x) => (x.kind === 'note' ? [x.text] : []));
    assert.ok(notes.includes('pid 100 dies while waiting for its vfork child 101: vfork_done cleared'));
    assert.equal(taskNamed(e.state, 'kid').vforkParent, null);
    assert.deepEqual(phasesOf(eventsOf(e, 2)).filter((p) => p.startsWith('linux.birth')), []);
    assert.equal(outcomeOf(e, 2), 'ok');
  });

  it('renders the child\'s exec and the parent resuming as a golden trace', () => {
    const sc = world({
      steps: [
        { task: 'shell', call: 'vfork', child: 'kid' },
        { task: 'shell', call: 'close', fd: 1 },
        { task: 'kid', call: 'store', variable: 'pid_seen', value: '101' },
        { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
        { task: 'shell', call: 'store', variable: 'done', value: 'yes' },
        expect({ what: 'memory', task: 'shell', variable: 'pid_seen', value: '101' }),
        expect({ what: 'fd-table', task: 'shell', rows: [{ fd: 0, target: '/dev/tty', access: 'rw' }, { fd: 3, target: '/etc/motd', access: 'ro', cloexec: true }] }),
      ],
    });
    const e = new Engine(sc, { checkInvariants: true });
    assertGolden('test/sim-core/personalities/linux/birth/golden/vfork-exec.trace.txt', renderTrace(e, { compact: true }).join('\n'));
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true]);
  });
});
