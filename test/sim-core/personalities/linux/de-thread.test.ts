/**
 * de_thread (fs/exec.c): every other thread dies, and a non-leader caller
 * takes the leader's pid and tid (exchange_tids), keeping its own mask.
 */
import * as assert from 'node:assert/strict';
import { runLinux, world } from './run-linux.js';

describe('linux exec: de_thread', () => {
  it('exec from a non-leader: the others die, the caller becomes the leader with the old pid', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'app', pid: 100, threads: [{ name: 'worker', tid: 101, blocked: ['SIGUSR2'] }, { name: 'idle', tid: 102 }], signals: { blocked: ['SIGUSR1'] } }],
      steps: [{ task: 'app', thread: 'worker', call: 'execve', path: '/bin/prog', argv: ['prog'] }],
    });
    assert.equal(r.result(0), 'ok');
    const t = r.task('app');
    assert.equal(t.pid, 100);
    assert.equal(t.leader, 100);
    assert.deepEqual(
      t.threads.map((th) => [th.name, th.tid, th.blocked]),
      [['worker', 100, ['SIGUSR2']]],
    );
    const seen = r.events(0).flatMap((e) =>
      e.kind === 'thread-killed' ? [`killed ${e.tid}`] : e.kind === 'thread-renamed' ? [`${e.fromTid}→${e.toTid}`] : e.kind === 'point-of-no-return' ? ['ponr'] : [],
    );
    assert.deepEqual(seen, ['ponr', 'killed 102', 'killed 100', '101→100']);
    const inPhase = r.events(0).filter((e) => e.kind === 'thread-killed').map((e) => e.frame?.phase);
    assert.deepEqual(inPhase, ['linux.de_thread', 'linux.de_thread']);
  });

  it('exec from the leader: the other threads die, the leader keeps its tid', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'app', pid: 100, threads: [{ name: 't1', tid: 101 }, { name: 't2', tid: 102 }] }],
      steps: [{ task: 'app', call: 'execve', path: '/bin/prog', argv: ['prog'] }],
    });
    assert.deepEqual(r.task('app').threads.map((th) => [th.name, th.tid]), [['main', 100]]);
    const killed = r.events(0).flatMap((e) => (e.kind === 'thread-killed' ? [e.tid] : []));
    assert.deepEqual(killed, [101, 102]);
  });

  it('an exec that fails before the point of no return leaves every thread alive', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'app', pid: 100, threads: [{ name: 'worker', tid: 101 }] }],
      steps: [{ task: 'app', thread: 'worker', call: 'execve', path: '/bin/missing', argv: ['m'] }],
    });
    assert.equal(r.result(0), 'ENOENT');
    assert.deepEqual(r.task('app').threads.map((th) => th.tid), [100, 101]);
  });

  it('a single-threaded exec changes no thread', () => {
    const r = runLinux({ nodes: world(), tasks: [{ name: 'app', pid: 100 }], steps: [{ task: 'app', call: 'execve', path: '/bin/prog', argv: ['p'] }] });
    assert.equal(r.events(0).some((e) => e.kind === 'thread-killed' || e.kind === 'thread-renamed'), false);
  });
});
