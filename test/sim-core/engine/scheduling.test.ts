import * as assert from 'node:assert/strict';
import { frameChain, type Engine, type SimEvent } from '../../../sim-core/src/index.js';
import { expect } from '../../support/scenario-builder.js';
import { linuxWorld, run, shell } from './worlds.js';

/** The scheduling skeleton of a run: statements started, deferred and finished, expectations, thread blocks. */
function skeleton(e: Engine): string[] {
  return e.events().flatMap((ev: SimEvent) => {
    switch (ev.kind) {
      case 'action-started':
        return [`start #${ev.action}`];
      case 'action-deferred':
        return [`defer #${ev.action}: ${ev.reason}`];
      case 'action-finished':
        return [`finish #${ev.action}`];
      case 'expectation':
        return [`expect ${ev.index} ${ev.passed ? 'passed' : 'failed'}`];
      case 'thread-blocked':
        return [`block ${ev.pid}/${ev.tid}`];
      case 'thread-resumed':
        return [`resume ${ev.pid}/${ev.tid}`];
      default:
        return [];
    }
  });
}

describe('engine scheduling', () => {
  it("a vfork parent's next statement runs after the child execs, and its expectation waits for it", () => {
    const e = run(
      linuxWorld([
        { task: 'shell', call: 'vfork', child: 'kid' },
        { task: 'shell', call: 'close', fd: 0 },
        expect({ what: 'fd-closed', task: 'shell', fd: 0 }),
        { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
        expect({ what: 'fd-open', task: 'kid', fd: 0, target: '/dev/tty' }),
      ]),
    );
    assert.deepEqual(skeleton(e), [
      'start #0',
      'block 100/100',
      'finish #0',
      'defer #1: in vfork until kid (pid 101) execs or exits',
      'start #2',
      'resume 100/100',
      'finish #2',
      'expect 1 passed',
      'start #1',
      'finish #1',
      'expect 0 passed',
    ]);
  });

  it('the vfork parent is released in exec_mmap, after the point of no return', () => {
    const e = run(
      linuxWorld([
        { task: 'shell', call: 'vfork', child: 'kid' },
        { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
      ]),
    );
    const resumed = e.events().find((ev) => ev.kind === 'thread-resumed')!;
    assert.ok(
      frameChain(resumed.frame).some((f) => f.phase === 'linux.exec_mmap'),
      `resumed in ${frameChain(resumed.frame).map((f) => f.label).join(' ← ')}`,
    );
    const ponr = e.events().find((ev) => ev.kind === 'point-of-no-return')!;
    assert.ok(ponr.seq < resumed.seq);
  });

  it('a child that exits releases its vfork parent', () => {
    const e = run(
      linuxWorld([
        { task: 'shell', call: 'vfork', child: 'kid' },
        { task: 'shell', call: 'close', fd: 0 },
        { task: 'kid', call: 'exit', status: 3 },
      ]),
    );
    assert.deepEqual(skeleton(e), [
      'start #0',
      'block 100/100',
      'finish #0',
      'defer #1: in vfork until kid (pid 101) execs or exits',
      'start #2',
      'resume 100/100',
      'finish #2',
      'start #1',
      'finish #1',
    ]);
  });

  it('a statement whose thread never unblocks ends as "never ran" once everything else is done', () => {
    const e = run(
      linuxWorld([
        { task: 'shell', call: 'vfork', child: 'kid' },
        { task: 'shell', call: 'close', fd: 0 },
        expect({ what: 'result', action: 1, outcome: 'ok' }),
        // A failed execve does not release the parent (exec-reference §3.1).
        { task: 'kid', call: 'execve', path: '/nonexistent', argv: ['x'] },
        expect({ what: 'result', action: 2, outcome: 'ENOENT' }),
      ]),
    );
    assert.deepEqual(skeleton(e), [
      'start #0',
      'block 100/100',
      'finish #0',
      'defer #1: in vfork until kid (pid 101) execs or exits',
      'start #2',
      'finish #2',
      'expect 1 passed',
      'finish #1',
      'expect 0 failed',
    ]);
    assert.deepEqual(e.outcomes().get(1), { ok: false, blocked: 'never ran: in vfork until kid (pid 101) execs or exits' });
    const result = e.expectationResults().get(0)!;
    assert.equal(result.expected, 'ok');
    assert.equal(result.seen, 'blocked: never ran: in vfork until kid (pid 101) execs or exits');
    assert.equal(e.done, true);
  });

  it('a deferred statement of a process killed meanwhile never runs: its task is gone', () => {
    const e = run(
      linuxWorld(
        [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'shell', call: 'close', fd: 0 },
          { task: 'other', call: 'kill', target: 'shell', signal: 'SIGKILL' },
        ],
        [shell(), { name: 'other', pid: 200 }],
      ),
    );
    e.runToEnd();
    assert.deepEqual(e.outcomes().get(1), { ok: false, blocked: 'never ran: its task is gone' });
  });

  it('only the vforking thread waits: another thread of the parent runs at once', () => {
    const e = run(
      linuxWorld(
        [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'shell', thread: 'worker', call: 'close', fd: 0 },
          { task: 'shell', call: 'close', fd: 3 },
        ],
        [shell({ threads: [{ name: 'worker', tid: 150 }] })],
      ),
    );
    assert.deepEqual(skeleton(e), [
      'start #0',
      'block 100/100',
      'finish #0',
      'start #1',
      'finish #1',
      'defer #2: in vfork until kid (pid 151) execs or exits',
      'finish #2',
    ]);
  });

  it('a statement of a process that has exited fails with ESRCH', () => {
    const e = run(
      linuxWorld([
        { task: 'shell', call: 'exit', status: 0 },
        { task: 'shell', call: 'close', fd: 0 },
      ]),
    );
    e.runToEnd();
    assert.deepEqual(e.outcomes().get(1), { ok: false, errno: 'ESRCH', detail: 'shell does not exist or is not running' });
  });

  it('expectations before the first statement check the initial state', () => {
    const e = run(
      linuxWorld([expect({ what: 'fd-open', task: 'shell', fd: 3, cloexec: true }), { task: 'shell', call: 'close', fd: 3 }]),
    );
    assert.deepEqual(skeleton(e), ['expect 0 passed', 'start #0', 'finish #0']);
  });
});
