import * as assert from 'node:assert/strict';
import {
  checkInvariants,
  InvariantViolation,
  type KernelState,
  type SimEvent,
  type Task,
} from '../../../sim-core/src/index.js';
import { InvariantTracker } from '../../../sim-core/src/engine/invariants.js';
import { expect } from '../../support/scenario-builder.js';
import { linuxWorld, run, shell } from './worlds.js';

/**
 * shell (pid 100; threads 100 and worker 150; fd 0 → /dev/tty rw = description 1
 * in table 1, fd 3 → /etc/motd = description 2) and kid (pid 200, table 2,
 * no fds). /dev/tty is inode 10, /etc/motd inode 8; next ids: pid 201,
 * description 3, table 3, address space 3, inode 13.
 */
function good(): KernelState {
  return run(linuxWorld([], [shell({ threads: [{ name: 'worker', tid: 150 }] }), { name: 'kid', pid: 200 }])).initialState;
}

const task = (s: KernelState, pid: number) => s.tasks.get(pid)!;
const withTask = (s: KernelState, pid: number, f: (t: Task) => Task): KernelState => ({ ...s, tasks: s.tasks.set(pid, f(task(s, pid))) });

function violations(s: KernelState): string[] {
  return checkInvariants(s);
}

describe('invariants', () => {
  it('hold in a freshly built state', () => {
    assert.deepEqual(violations(good()), []);
  });

  describe('open files', () => {
    it('a slot pointing at a freed description', () => {
      const s = good();
      const bad = { ...s, descriptions: s.descriptions.delete(2) };
      assert.deepEqual(violations(bad), ['table 1 fd 3 points at freed description 2']);
    });

    it('a reference count that does not match the slots', () => {
      const s = good();
      const bad = { ...s, descriptions: s.descriptions.set(2, { ...s.descriptions.get(2)!, refs: 2 }) };
      assert.deepEqual(violations(bad), ['description 2 (file) has refs 2 but 1 slot(s) point at it']);
    });

    it('a description alive with no reference', () => {
      const s = good();
      const bad = { ...s, descriptions: s.descriptions.set(2, { ...s.descriptions.get(2)!, refs: 0 }) };
      assert.deepEqual(violations(bad), ['description 2 (file) has refs 0 but 1 slot(s) point at it', 'description 2 is alive with refs 0']);
    });

    it('a description stored under another id, or above the allocator', () => {
      const s = good();
      const d = s.descriptions.get(2)!;
      const moved = { ...s, descriptions: s.descriptions.set(2, { ...d, id: 7 }) };
      assert.deepEqual(violations(moved), ['description stored under 2 says id 7']);
      const ahead = { ...s, next: { ...s.next, desc: 2 } };
      assert.deepEqual(violations(ahead), ['description 2 is not below the next description id 2']);
    });

    it('a description of a missing inode', () => {
      const s = good();
      const d = s.descriptions.get(2)!;
      const bad = { ...s, descriptions: s.descriptions.set(2, { ...d, target: { kind: 'file' as const, ino: 99, path: '/gone' } }) };
      assert.deepEqual(violations(bad), ['description 2 names missing inode 99']);
    });

    it('an inode whose writer count is not the descriptions writing it (ETXTBSY bookkeeping)', () => {
      const s = good();
      const tty = s.fs.inodes.get(10)!;
      const bad = { ...s, fs: { ...s.fs, inodes: s.fs.inodes.set(10, { ...tty, writers: 0 }) } };
      assert.deepEqual(violations(bad), ['inode 10 counts 0 writer(s) but 1 description(s) write it']);
    });

    it('an inode above the allocator and a directory entry naming a missing inode', () => {
      const s = good();
      const ahead = { ...s, next: { ...s.next, ino: 12 } };
      assert.deepEqual(violations(ahead), ['inode 12 is not below the next inode number 12']);
      const etc = s.fs.inodes.get(7)!;
      const dangling = { ...s, fs: { ...s.fs, inodes: s.fs.inodes.set(7, { ...etc, entries: { ...etc.entries, passwd: 50 } }) } };
      assert.deepEqual(violations(dangling), ['directory inode 7 entry "passwd" names missing inode 50']);
    });

    it('an fd beyond NR_OPEN', () => {
      const s = good();
      const t = s.fdTables.get(2)!;
      const d = s.descriptions.get(2)!;
      const bad = {
        ...s,
        fdTables: s.fdTables.set(2, { ...t, slots: t.slots.set(1048576, { desc: 2, cloexec: false }) }),
        descriptions: s.descriptions.set(2, { ...d, refs: 2 }),
      };
      assert.deepEqual(violations(bad), ['table 2 has fd 1048576, beyond NR_OPEN (1048576)']);
    });
  });

  describe('tables and address spaces', () => {
    it('a running task using a missing fd table or address space', () => {
      const s = good();
      const bad = withTask(s, 200, (t) => ({ ...t, files: 9, mm: 8 }));
      assert.deepEqual(violations(bad), [
        'task 200 uses missing fd table 9',
        'task 200 uses missing address space 8',
        'fd table 2 says 1 user(s) but 0 task(s) use it',
        'address space 2 says 1 user(s) but 0 task(s) use it',
      ]);
    });

    it('a table shared by two tasks that counts one user', () => {
      const s = good();
      const t2 = s.fdTables.get(2)!;
      const bad = withTask({ ...s, fdTables: s.fdTables.delete(2) }, 200, (t) => ({ ...t, files: 1 }));
      assert.deepEqual(violations(bad), ['fd table 1 says 1 user(s) but 2 task(s) use it']);
      assert.equal(t2.users, 1);
    });

    it('an ended task that still uses its table and memory', () => {
      const s = good();
      const bad = withTask(s, 200, (t) => ({ ...t, threads: [], status: { state: 'exited', status: 0 } }));
      assert.deepEqual(violations(bad), [
        'task 200 is exited but still uses fd table 2 and address space 2',
        'fd table 2 says 1 user(s) but 0 task(s) use it',
        'address space 2 says 1 user(s) but 0 task(s) use it',
      ]);
    });

    it('a table or address space id above its allocator', () => {
      const s = good();
      assert.deepEqual(violations({ ...s, next: { ...s.next, files: 2, mm: 2 } }), [
        'fd table 2 is not below the next table id 2',
        'address space 2 is not below the next address space id 2',
      ]);
    });
  });

  describe('tasks and threads', () => {
    it('a task stored under another pid', () => {
      const s = good();
      const bad = { ...s, tasks: s.tasks.set(200, { ...task(s, 200), pid: 201 }) };
      assert.deepEqual(violations(bad), ['task stored under pid 200 says pid 201']);
    });

    it('a pid or tid at or above the allocator', () => {
      const s = good();
      assert.deepEqual(violations({ ...s, next: { ...s.next, pid: 200 } }), ['pid 200 is not below the next pid 200', 'tid 200 is not below the next pid 200']);
      assert.deepEqual(violations({ ...s, next: { ...s.next, pid: 150 } }), [
        'tid 150 is not below the next pid 150',
        'pid 200 is not below the next pid 150',
        'tid 200 is not below the next pid 150',
      ]);
    });

    it('a running task with no thread, or whose leader is not among its threads', () => {
      const s = good();
      assert.deepEqual(violations(withTask(s, 200, (t) => ({ ...t, threads: [] }))), ['task 200 is running with no thread']);
      const noLeader = withTask(s, 100, (t) => ({ ...t, threads: t.threads.filter((th) => th.tid !== 100) }));
      assert.deepEqual(violations(noLeader), ['task 100: leader 100 is not one of its threads']);
    });

    it('a Hurd task may run with no thread', () => {
      const s = good();
      assert.deepEqual(violations(withTask({ ...s, system: 'hurd' }, 200, (t) => ({ ...t, threads: [] }))), []);
    });

    it('one thread id in two tasks, and a thread id that is another process’s pid', () => {
      const s = good();
      const shared = withTask(s, 200, (t) => ({ ...t, threads: [...t.threads, { ...task(s, 100).threads[1]! }] }));
      assert.deepEqual(violations(shared), ['tid 150 belongs to both 100 and 200']);
      const clash = withTask(s, 100, (t) => ({ ...t, threads: t.threads.map((th) => (th.tid === 150 ? { ...th, tid: 200 } : th)) }));
      assert.deepEqual(violations(clash), ['tid 200 belongs to both 100 and 200']);
      const pidOfDead = withTask(
        withTask(s, 200, (t) => ({ ...t, threads: [], files: -1, mm: -1, status: { state: 'exited', status: 0 } })),
        100,
        (t) => ({ ...t, threads: t.threads.map((th) => (th.tid === 150 ? { ...th, tid: 200 } : th)) }),
      );
      const cleaned = { ...pidOfDead, fdTables: pidOfDead.fdTables.delete(2), mms: pidOfDead.mms.delete(2) };
      assert.deepEqual(violations(cleaned), ['tid 200 of task 100 is also the pid of another task']);
    });

    it('a Linux thread group whose leader tid is not the pid', () => {
      const s = good();
      const bad = withTask(s, 100, (t) => ({ ...t, leader: 150 }));
      assert.deepEqual(violations(bad), ['task 100: Linux thread group leader has tid 150']);
    });

    it('an ended task that keeps threads', () => {
      const s = good();
      const bad = withTask(s, 200, (t) => ({ ...t, files: -1, mm: -1, status: { state: 'killed', signal: 'SIGKILL' } }));
      const cleaned = { ...bad, fdTables: bad.fdTables.delete(2), mms: bad.mms.delete(2) };
      assert.deepEqual(violations(cleaned), ['task 200 is killed but still has threads']);
    });

    it('scenario names that point at a missing task or at another one', () => {
      const s = good();
      assert.deepEqual(violations({ ...s, names: { ...s.names, ghost: 999 } }), ['name ghost points at missing pid 999']);
      assert.deepEqual(violations({ ...s, names: { ...s.names, shell: 200 } }), ['name shell points at pid 200, which is named kid']);
    });

    it('a thread blocked in vfork on a child that is not running or does not name it', () => {
      const s = good();
      const waiting = withTask(s, 100, (t) => ({
        ...t,
        threads: t.threads.map((th) => (th.tid === 100 ? { ...th, run: { state: 'blocked' as const, reason: 'vfork', until: 'vfork-done' as const, child: 200 } } : th)),
      }));
      assert.deepEqual(violations(waiting), ['thread 100 of task 100 waits for vfork child 200, which does not name it as its parent']);
      assert.deepEqual(violations(withTask(waiting, 200, (t) => ({ ...t, vforkParent: { pid: 100, tid: 100 } }))), []);
      const gone = withTask(waiting, 200, (t) => ({ ...t, threads: [], files: -1, mm: -1, status: { state: 'exited', status: 0 } }));
      assert.deepEqual(violations({ ...gone, fdTables: gone.fdTables.delete(2), mms: gone.mms.delete(2) }), [
        'thread 100 of task 100 waits for vfork child 200, which is not running',
      ]);
    });
  });

  describe('signals', () => {
    it('SIGKILL and SIGSTOP are never blocked nor given a disposition', () => {
      const s = good();
      const blocked = withTask(s, 200, (t) => ({ ...t, threads: [{ ...t.threads[0]!, blocked: ['SIGKILL', 'SIGSTOP'] }] }));
      assert.deepEqual(violations(blocked), ['thread 200 of task 200 blocks SIGKILL', 'thread 200 of task 200 blocks SIGSTOP']);
      const handled = withTask(s, 200, (t) => ({ ...t, signals: { ...t.signals, dispositions: { SIGSTOP: 'ignore' } } }));
      assert.deepEqual(violations(handled), ['task 200 has a disposition for SIGSTOP']);
    });

    it('signal sets are sorted by number without repeats', () => {
      const s = good();
      const blocked = withTask(s, 200, (t) => ({ ...t, threads: [{ ...t.threads[0]!, blocked: ['SIGTERM', 'SIGHUP'] }] }));
      assert.deepEqual(violations(blocked), ['thread 200 of task 200: blocked set SIGTERM SIGHUP is not sorted without repeats']);
      const pending = withTask(s, 200, (t) => ({ ...t, signals: { ...t.signals, pending: ['SIGUSR1', 'SIGUSR1'] } }));
      assert.deepEqual(violations(pending), ['task 200: pending set SIGUSR1 SIGUSR1 is not sorted without repeats']);
    });
  });

  describe('event order', () => {
    const frame = (pid: number, phase?: string) => ({ id: 1, kind: phase ? ('phase' as const) : ('action' as const), parent: null, depth: 0, label: 'x', pid, tid: pid, pc: 1, ...(phase ? { phase } : {}) });
    function feed(events: Array<Record<string, unknown>>): string[] {
      const t = new InvariantTracker();
      return events.flatMap((e, seq) => t.observe({ seq, frame: frame(100), ...e } as unknown as SimEvent));
    }
    const started = (action: number) => ({ kind: 'action-started', action });
    const finished = (action: number, outcome: unknown = { ok: true }) => ({ kind: 'action-finished', action, outcome });

    it('a well-formed statement passes', () => {
      assert.deepEqual(
        feed([
          started(0),
          { kind: 'actor-entered', actor: 'kernel', label: 'k' },
          { kind: 'phase-entered', phase: 'linux.entry', frame: frame(100, 'linux.entry') },
          { kind: 'phase-left', phase: 'linux.entry' },
          { kind: 'actor-left', actor: 'kernel', label: 'k' },
          finished(0),
          { kind: 'expectation', index: 0, passed: true, expected: '', seen: '' },
        ]),
        [],
      );
    });

    it('a gap in the numbering', () => {
      const t = new InvariantTracker();
      t.observe({ seq: 0, frame: null, kind: 'note', text: 'a' });
      assert.deepEqual(t.observe({ seq: 2, frame: null, kind: 'note', text: 'b' }), ['event 2 follows event 0']);
    });

    it('overlapping statements and a statement that finishes without having started', () => {
      assert.deepEqual(feed([started(0), started(1)]), ['statement 1 starts while statement 0 is running']);
      assert.deepEqual(feed([started(0), finished(1)]), ['statement 1 finishes while statement 0 is running']);
      assert.deepEqual(feed([finished(3)]), ['statement 3 finishes without having started']);
      assert.deepEqual(feed([finished(3, { ok: false, blocked: 'never ran: x' })]), []);
    });

    it('phases and actors left out of order or left open', () => {
      assert.deepEqual(
        feed([started(0), { kind: 'actor-entered', actor: 'kernel', label: 'k' }, { kind: 'phase-entered', phase: 'linux.entry', frame: frame(100, 'linux.entry') }, { kind: 'actor-left', actor: 'kernel', label: 'k' }]),
        ['actor kernel left while phase linux.entry is the innermost one entered'],
      );
      assert.deepEqual(feed([started(0), { kind: 'phase-entered', phase: 'linux.entry', frame: frame(100, 'linux.entry') }, finished(0)]), [
        'statement 0 finishes inside phase linux.entry',
      ]);
      assert.deepEqual(feed([started(0), { kind: 'phase-left', phase: 'linux.entry' }]), ['phase linux.entry left while nothing is the innermost one entered']);
      assert.deepEqual(feed([started(0), { kind: 'phase-entered', phase: 'linux.entry' }]), ['phase linux.entry entered outside its own frame']);
    });

    it('an expectation checked while a statement runs', () => {
      assert.deepEqual(feed([started(0), { kind: 'expectation', index: 4, passed: true, expected: '', seen: '' }]), ['expectation 4 checked while statement 0 is running']);
    });

    it('an error returned after the point of no return, as an event or as the outcome', () => {
      assert.deepEqual(feed([started(0), { kind: 'point-of-no-return', pid: 100, phase: 'p' }, { kind: 'error-returned', pid: 100, errno: 'EFAULT' }]), [
        'error EFAULT returned to pid 100 after its point of no return',
      ]);
      assert.deepEqual(feed([started(0), { kind: 'point-of-no-return', pid: 100, phase: 'p' }, finished(0, { ok: false, errno: 'EFAULT', detail: '' })]), [
        'statement 0 returns EFAULT to pid 100 after its point of no return',
      ]);
      assert.deepEqual(feed([started(0), { kind: 'point-of-no-return', pid: 100, phase: 'p' }, finished(0, { ok: false, killed: 'SIGSEGV', detail: '' })]), []);
    });

    it('a point of no return crossed twice', () => {
      assert.deepEqual(feed([started(0), { kind: 'point-of-no-return', pid: 100, phase: 'p' }, { kind: 'point-of-no-return', pid: 100, phase: 'p' }]), [
        'pid 100 crosses its point of no return twice before the new program runs',
      ]);
    });

    it('once the new program runs, a second exec in the same statement is its own', () => {
      assert.deepEqual(
        feed([
          started(0),
          { kind: 'point-of-no-return', pid: 100, phase: 'p' },
          { kind: 'actor-entered', actor: 'new-program', label: 'reexec' },
          { kind: 'error-returned', pid: 100, errno: 'EBADF' },
          { kind: 'point-of-no-return', pid: 100, phase: 'p' },
          { kind: 'actor-left', actor: 'new-program', label: 'reexec' },
          finished(0),
        ]),
        [],
      );
    });
  });

  describe('in the engine', () => {
    function world() {
      return linuxWorld([{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }, expect({ what: 'fd-closed', task: 'shell', fd: 3 })]);
    }
    const breakRefs = (s: KernelState): KernelState => ({ ...s, descriptions: s.descriptions.set(2, { ...s.descriptions.get(2)!, refs: 5 }) });

    it('a violation stops the run with InvariantViolation naming the event and every problem', () => {
      const e = run(world());
      e.moveTo(4);
      let caught: unknown;
      try {
        e.edit(breakRefs, 'break refs');
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof InvariantViolation);
      assert.equal(caught.message, 'invariant violated after event 5 (user-edit): description 2 (file) has refs 5 but 1 slot(s) point at it');
      assert.deepEqual(caught.violations, ['description 2 (file) has refs 5 but 1 slot(s) point at it']);
      assert.equal(caught.event.kind, 'user-edit');
      assert.equal(caught.event.seq, 5);
      // The run is over: asking for more gives the same error.
      assert.throws(() => e.runToEnd(), (err) => err === caught);
    });

    it('without the checks the same edit runs to the end', () => {
      const e = run(world(), { checkInvariants: false });
      e.moveTo(4);
      e.edit(breakRefs, 'break refs');
      e.runToEnd();
      assert.equal(e.done, true);
    });

    it('the checks hold on every event of a real run', () => {
      const e = run(world());
      e.runToEnd();
      for (let i = -1; i < e.length; i++) assert.deepEqual(checkInvariants(e.stateAt(i)), [], `after event ${i}`);
    });
  });
});
