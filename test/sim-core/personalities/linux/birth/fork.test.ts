import * as assert from 'node:assert/strict';
import { expect } from '../../../../support/scenario-builder.js';
import { eventsOf, fdRows, outcomeOf, phasesOf, run, taskNamed, world } from './birth-world.js';

describe('linux fork', () => {
  it('gives the child a copy of the fd table: same descriptions, same close-on-exec bits, one more reference each', () => {
    const e = run(world({ steps: [{ task: 'shell', call: 'fork', child: 'kid' }] }));
    assert.deepEqual(fdRows(e.state, 'kid'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '3 → /etc/motd (ro, cloexec)']);
    const shell = taskNamed(e.state, 'shell');
    const kid = taskNamed(e.state, 'kid');
    assert.notEqual(kid.files, shell.files);
    const parentSlot = e.state.fdTables.get(shell.files)!.slots.get(3)!;
    const childSlot = e.state.fdTables.get(kid.files)!.slots.get(3)!;
    assert.equal(childSlot.desc, parentSlot.desc);
    assert.equal(e.state.descriptions.get(parentSlot.desc)!.refs, 2);
  });

  it('gives the child a copy of the memory: later stores are private', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'store', variable: 'x', value: 'before' },
          { task: 'shell', call: 'fork', child: 'kid' },
          { task: 'kid', call: 'store', variable: 'x', value: 'child' },
          expect({ what: 'memory', task: 'shell', variable: 'x', value: 'before' }),
          expect({ what: 'memory', task: 'kid', variable: 'x', value: 'child' }),
          expect({ what: 'shares', task: 'kid', other: 'shell', resource: 'memory', shared: false }),
        ],
      }),
    );
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true, true]);
  });

  it('does not suspend the parent and returns the child\'s pid; the child resumes in ret_from_fork with ax = 0', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'fork', child: 'kid' },
          expect({ what: 'state', task: 'shell', state: 'running' }),
          expect({ what: 'resumes-in', task: 'kid', entry: 'ret_from_fork' }),
          expect({ what: 'pt-regs', task: 'kid', ax: '0', user: true }),
          expect({ what: 'task-kind', task: 'kid', kind: 'user' }),
        ],
      }),
    );
    assert.equal(outcomeOf(e, 0), 'ok 101');
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true, true, true]);
    assert.deepEqual(phasesOf(eventsOf(e, 0)), [
      'linux.birth.kernel_clone',
      'linux.birth.copy_process',
      'linux.birth.copy_files',
      'linux.birth.copy_mm',
      'linux.birth.copy_thread',
      'linux.birth.ret_from_fork',
    ]);
  });

  it('keeps the calling thread\'s blocked mask and the dispositions, but no pending signal', () => {
    const e = run(
      world({
        tasks: [
          {
            name: 'shell',
            pid: 100,
            exe: '/bin/sh',
            signals: { blocked: ['SIGUSR1'], pending: ['SIGUSR1'], dispositions: { SIGINT: 'ignore', SIGTERM: 'handler' } },
          },
        ],
        steps: [{ task: 'shell', call: 'fork', child: 'kid' }],
      }),
    );
    const kid = taskNamed(e.state, 'kid');
    assert.deepEqual(kid.threads[0]!.blocked, ['SIGUSR1']);
    assert.deepEqual(kid.signals, { dispositions: { SIGINT: 'ignore', SIGTERM: 'handler' }, pending: [] });
    assert.deepEqual(taskNamed(e.state, 'shell').signals.pending, ['SIGUSR1']);
  });

  it('does not trace the child of a traced parent (no CLONE_PTRACE, no fork tracing options)', () => {
    const e = run(world({ tasks: [{ name: 'shell', pid: 100, exe: '/bin/sh', ptraced: true }], steps: [{ task: 'shell', call: 'fork', child: 'kid' }] }));
    assert.equal(taskNamed(e.state, 'kid').ptraced, false);
  });

  it('refuses a new task over RLIMIT_NPROC with EAGAIN, counting every task of the real user', () => {
    const e = run(
      world({
        tasks: [
          { name: 'shell', pid: 100, exe: '/bin/sh', creds: { uid: 1000 }, rlimits: { nproc: 3 }, threads: [{ name: 'worker' }] },
          { name: 'other', pid: 200, exe: '/bin/sh', creds: { uid: 1000 } },
        ],
        steps: [{ task: 'shell', call: 'fork', child: 'kid' }],
      }),
    );
    assert.equal(outcomeOf(e, 0), 'EAGAIN');
    const o = e.outcomes().get(0)!;
    assert.ok(!o.ok && 'errno' in o && o.phase === 'linux.birth.copy_process');
    assert.equal(e.state.names['kid'], undefined);
  });

  it('lets root go over RLIMIT_NPROC', () => {
    const e = run(world({ tasks: [{ name: 'shell', pid: 100, exe: '/bin/sh', rlimits: { nproc: 1 } }], steps: [{ task: 'shell', call: 'fork', child: 'kid' }] }));
    assert.equal(outcomeOf(e, 0), 'ok 101');
  });

  it('clears PF_NPROC_EXCEEDED in the parent and leaves the child the copy dup_task_struct made', () => {
    const e = run(
      world({
        tasks: [{ name: 'shell', pid: 100, exe: '/bin/sh', creds: { uid: 1000 }, rlimits: { nproc: 10 } }],
        steps: [{ task: 'shell', call: 'fork', child: 'kid' }],
      }),
    );
    // Set the flag by an edit before the fork, as a set*uid over the limit would.
    e.moveTo(-1);
    e.edit((s) => ({ ...s, tasks: s.tasks.set(100, { ...s.tasks.get(100)!, nprocExceeded: true }) }), 'PF_NPROC_EXCEEDED set');
    e.runToEnd();
    const last = e.stateAt(e.length - 1);
    assert.equal(taskNamed(last, 'shell').nprocExceeded, false);
    assert.equal(taskNamed(last, 'kid').nprocExceeded, true);
  });
});

describe('linux clone', () => {
  it('with CLONE_VM and without CLONE_VFORK shares memory and does not suspend the parent', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_VM'] },
          { task: 'shell', call: 'store', variable: 'x', value: 'from the parent' },
          expect({ what: 'memory', task: 'kid', variable: 'x', value: 'from the parent' }),
          expect({ what: 'state', task: 'shell', state: 'running' }),
        ],
      }),
    );
    assert.equal(outcomeOf(e, 1), 'ok');
    assert.equal(e.events().filter((x) => x.kind === 'thread-blocked' || x.kind === 'action-deferred').length, 0);
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true]);
  });

  it('with CLONE_VFORK and without CLONE_VM suspends the parent but copies the memory', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_VFORK'] },
          { task: 'kid', call: 'store', variable: 'x', value: 'child' },
          expect({ what: 'memory', task: 'shell', variable: 'x', value: null }),
          expect({ what: 'state', task: 'shell', state: 'blocked' }),
        ],
      }),
    );
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true]);
  });

  it('with CLONE_FILES shares one fd table: an open in the child is an fd of the parent', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_FILES'] },
          { task: 'kid', call: 'open', path: '/etc/motd', flags: ['O_RDONLY'] },
          { task: 'kid', call: 'close', fd: 0 },
        ],
      }),
    );
    assert.equal(outcomeOf(e, 1), 'ok 2');
    assert.deepEqual(fdRows(e.state, 'shell'), ['1 → /dev/tty (rw)', '2 → /etc/motd (ro)', '3 → /etc/motd (ro, cloexec)']);
    assert.equal(taskNamed(e.state, 'shell').files, taskNamed(e.state, 'kid').files);
    assert.equal(e.state.fdTables.get(taskNamed(e.state, 'kid').files)!.users, 2);
    assert.equal(eventsOf(e, 0).filter((x) => x.kind === 'fd-table-replaced').length, 0);
  });

  it('with CLONE_FILES: exec unshares the table before closing close-on-exec fds, so the parent keeps them', () => {
    const e = run(
      world({
        steps: [
          { task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_FILES'] },
          { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
          { task: 'kid', call: 'open', path: '/etc/motd', flags: ['O_RDONLY'] },
        ],
      }),
    );
    const execEvents = eventsOf(e, 1);
    const unshare = execEvents.findIndex((x) => x.kind === 'fd-table-replaced' && x.how === 'unshare');
    const cloexec = execEvents.findIndex((x) => x.kind === 'fd-closed' && x.reason === 'close-on-exec');
    assert.ok(unshare > 0 && cloexec > unshare);
    assert.deepEqual(fdRows(e.state, 'shell'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '3 → /etc/motd (ro, cloexec)']);
    assert.deepEqual(fdRows(e.state, 'kid'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /etc/motd (ro)']);
    assert.notEqual(taskNamed(e.state, 'shell').files, taskNamed(e.state, 'kid').files);
  });

  it('refuses CLONE_SIGHAND without CLONE_VM with EINVAL in copy_process', () => {
    const e = run(world({ steps: [{ task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_SIGHAND'] }] }));
    assert.equal(outcomeOf(e, 0), 'EINVAL');
    const o = e.outcomes().get(0)!;
    assert.ok(!o.ok && 'errno' in o && o.phase === 'linux.birth.copy_process' && /CLONE_SIGHAND needs CLONE_VM/.test(o.detail));
  });

  it('refuses CLONE_THREAD without CLONE_SIGHAND with EINVAL', () => {
    const e = run(world({ steps: [{ task: 'shell', call: 'clone', child: 'kid', flags: ['CLONE_VM', 'CLONE_THREAD'] }] }));
    assert.equal(outcomeOf(e, 0), 'EINVAL');
  });
});
