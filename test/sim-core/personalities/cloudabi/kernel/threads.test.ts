import * as assert from 'node:assert/strict';
import { argFd, argNull } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, cloudabiScenario, launcher, procExec, run } from '../support.js';

const threaded = () => launcher([], { threads: [{ name: 'worker', tid: 701 }, { name: 'io', tid: 702 }] });

describe('pre_execve and post_execve (phases 2 and 11)', () => {
  it('parks the other threads, then makes them exit after a successful exec', () => {
    const r = run(cloudabiScenario({ tasks: [threaded()], steps: [procExec(argNull)] }));
    assert.deepEqual(r.ofKind('thread-blocked').map((e) => e.tid), [701, 702]);
    assert.deepEqual(
      r.ofKind('thread-killed').map((e) => [e.tid, e.reason]),
      [
        [701, 'thread_single(SINGLE_EXIT) after a successful exec'],
        [702, 'thread_single(SINGLE_EXIT) after a successful exec'],
      ],
    );
    assert.deepEqual(r.final.tasks.get(LAUNCHER_PID)!.threads.map((t) => t.tid), [700]);
  });

  it('kills the threads only after the exec committed (post_execve comes last)', () => {
    const r = run(cloudabiScenario({ tasks: [threaded()], steps: [procExec(argNull)] }));
    const commit = r.events.findIndex((e) => e.kind === 'phase-entered' && e.phase === 'cloudabi.kern.commit');
    const killed = r.events.findIndex((e) => e.kind === 'thread-killed');
    assert.ok(commit > 0 && killed > commit);
  });

  it('lets the threads resume after a failure before the point of no return', () => {
    const r = run(cloudabiScenario({ tasks: [threaded()], steps: [procExec(argFd(9))] }));
    assert.equal((r.outcome() as { errno: string }).errno, 'EBADF');
    assert.deepEqual(r.ofKind('thread-resumed').map((e) => e.tid), [701, 702]);
    assert.deepEqual(r.final.tasks.get(LAUNCHER_PID)!.threads.map((t) => t.tid), [700, 701, 702]);
  });

  it('lets a thread other than the first exec: it keeps its own tid', () => {
    const r = run(cloudabiScenario({ tasks: [threaded()], steps: [{ ...procExec(argNull), thread: 'worker' }] }));
    assert.deepEqual(r.final.tasks.get(LAUNCHER_PID)!.threads.map((t) => [t.tid, t.name]), [[701, 'worker']]);
  });

  it('does nothing for a single-threaded process', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argNull)] }));
    assert.deepEqual(r.ofKind('thread-blocked'), []);
  });
});
