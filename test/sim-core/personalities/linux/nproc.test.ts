/**
 * RLIMIT_NPROC (kernel/sys.c: set_user; fs/exec.c: do_execveat_common): a
 * set*uid that goes over the limit only marks the process; its next execve
 * fails with EAGAIN while the user still has too many processes.
 */
import * as assert from 'node:assert/strict';
import { runLinux, world } from './run-linux.js';

describe('linux exec: RLIMIT_NPROC', () => {
  // Three processes of uid 1000 already run; the limit is 2.
  const others = [
    { name: 'a', pid: 200, creds: { uid: 1000, gid: 1000 } },
    { name: 'b', pid: 201, creds: { uid: 1000, gid: 1000 } },
    { name: 'c', pid: 202, creds: { uid: 1000, gid: 1000 } },
  ];

  it('setuid when the new user is over the limit succeeds; the next execve is EAGAIN in linux.nproc', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'login', pid: 100, rlimits: { nproc: 2 } }, ...others],
      steps: [
        { task: 'login', call: 'setuid', uid: 1000 },
        { task: 'login', call: 'execve', path: '/bin/prog', argv: ['p'] },
      ],
    });
    assert.equal(r.result(0), 'ok 0');
    assert.equal(r.task('login').nprocExceeded, true);
    assert.deepEqual([r.result(1), r.failedIn(1), r.ponr(1)], ['EAGAIN', 'linux.nproc', false]);
  });

  it('once the user is back within the limit the execve runs and the mark is cleared', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'login', pid: 100, rlimits: { nproc: 2 } }, ...others],
      steps: [
        { task: 'login', call: 'setuid', uid: 1000 },
        { task: 'a', call: 'exit', status: 0 },
        { task: 'b', call: 'exit', status: 0 },
        { task: 'login', call: 'execve', path: '/bin/prog', argv: ['p'] },
      ],
    });
    assert.equal(r.result(3), 'ok');
    assert.equal(r.task('login').nprocExceeded, false);
  });

  it('uid 0 is never marked', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'login', pid: 100, creds: { uid: 1000, euid: 0, suid: 0, gid: 0 }, rlimits: { nproc: 0 } }],
      steps: [{ task: 'login', call: 'setuid', uid: 0 }],
    });
    assert.equal(r.task('login').nprocExceeded, false);
  });
});

describe('linux setuid: flag_nproc_exceeded counts the new user\'s other processes', () => {
  it('exactly at the limit is not over it: no mark', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'login', pid: 100, rlimits: { nproc: 1 } }, { name: 'a', pid: 200, creds: { uid: 1000, gid: 1000 } }],
      steps: [{ task: 'login', call: 'setuid', uid: 1000 }],
    });
    assert.equal(r.task('login').nprocExceeded, false);
  });
});
