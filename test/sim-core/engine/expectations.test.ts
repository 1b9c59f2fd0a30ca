import * as assert from 'node:assert/strict';
import type { ExpectationBody } from '../../../sim-core/src/index.js';
import { basicNodes, expect, scenario } from '../../support/scenario-builder.js';
import { run } from './worlds.js';

/**
 * One world, every expectation kind checked after the last statement, each
 * once holding and once not. After the run:
 * - shell (pid 100, uid 1000, threads main and worker) tried execve /nonexistent (ENOENT in open_exec);
 * - kid (pid 402, forked from shell) execs /bin/true: fd 3 closed on exec, SIGINT handler reset;
 * - victim (pid 200) was killed by SIGTERM, quitter (pid 300) exited with 7;
 * - multi (pid 400) exec'd from its main thread, so its thread helper is gone (de_thread).
 */
function world(expectations: ExpectationBody[]) {
  return scenario({
    nodes: basicNodes(),
    tasks: [
      {
        name: 'shell',
        pid: 100,
        creds: { uid: 1000, gid: 1000, groups: [10, 20] },
        cwd: '/tmp',
        umask: 0o027,
        exe: '/bin/sh',
        fds: [
          { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
          { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
        ],
        threads: [{ name: 'worker', tid: 150, blocked: ['SIGUSR2'] }],
        signals: { blocked: ['SIGUSR1', 'SIGHUP'], pending: ['SIGUSR1'], dispositions: { SIGINT: 'handler', SIGQUIT: 'ignore' } },
      },
      { name: 'victim', pid: 200 },
      { name: 'quitter', pid: 300 },
      { name: 'multi', pid: 400, threads: [{ name: 'helper', tid: 401 }] },
    ],
    steps: [
      { task: 'shell', call: 'fork', child: 'kid' },
      { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true', '-v'] },
      { task: 'shell', call: 'execve', path: '/nonexistent', argv: ['x'] },
      { task: 'quitter', call: 'kill', target: 'victim', signal: 'SIGTERM' },
      { task: 'quitter', call: 'exit', status: 7 },
      { task: 'shell', call: 'store', variable: 'answer', value: '42' },
      { task: 'multi', call: 'execve', path: '/bin/true', argv: ['true'] },
      ...expectations.map(expect),
    ],
  });
}

interface Case {
  readonly body: ExpectationBody;
  readonly passed: boolean;
  readonly expected: string;
  readonly seen: string;
}

const cases: Case[] = [
  // fd-open / fd-closed / fd-table
  { body: { what: 'fd-open', task: 'shell', fd: 0, target: '/dev/tty', access: 'rw', cloexec: false }, passed: true, expected: '0 → /dev/tty (rw)', seen: '0 → /dev/tty (rw)' },
  { body: { what: 'fd-open', task: 'shell', fd: 3 }, passed: true, expected: '3 → *', seen: '3 → /etc/motd (ro, cloexec)' },
  { body: { what: 'fd-open', task: 'shell', fd: 3, cloexec: false }, passed: false, expected: '3 → *', seen: '3 → /etc/motd (ro, cloexec)' },
  { body: { what: 'fd-open', task: 'shell', fd: 3, target: '/etc/passwd' }, passed: false, expected: '3 → /etc/passwd', seen: '3 → /etc/motd (ro, cloexec)' },
  { body: { what: 'fd-open', task: 'shell', fd: 0, access: 'ro' }, passed: false, expected: '0 → * (ro)', seen: '0 → /dev/tty (rw)' },
  { body: { what: 'fd-open', task: 'kid', fd: 3 }, passed: false, expected: '3 → *', seen: '3 closed' },
  { body: { what: 'fd-closed', task: 'kid', fd: 3 }, passed: true, expected: '3 closed', seen: '3 closed' },
  { body: { what: 'fd-closed', task: 'shell', fd: 3 }, passed: false, expected: '3 closed', seen: '3 → /etc/motd (ro, cloexec)' },
  {
    body: { what: 'fd-table', task: 'shell', rows: [{ fd: 0, target: '/dev/tty', access: 'rw' }, { fd: 3, target: '/etc/motd', cloexec: true }] },
    passed: true,
    expected: '0 → /dev/tty (rw); 3 → /etc/motd (cloexec)',
    seen: '0 → /dev/tty (rw); 3 → /etc/motd (ro, cloexec)',
  },
  {
    body: { what: 'fd-table', task: 'kid', rows: [{ fd: 0, target: '/dev/tty' }, { fd: 3, target: '/etc/motd', cloexec: true }] },
    passed: false,
    expected: '0 → /dev/tty; 3 → /etc/motd (cloexec)',
    seen: '0 → /dev/tty (rw)',
  },
  { body: { what: 'fd-table', task: 'shell', rows: [{ fd: 0, target: '/dev/tty' }, { fd: 3, target: '/etc/motd' }] }, passed: false, expected: '0 → /dev/tty; 3 → /etc/motd', seen: '0 → /dev/tty (rw); 3 → /etc/motd (ro, cloexec)' },
  { body: { what: 'fd-table', task: 'victim', rows: [] }, passed: false, expected: '(empty)', seen: 'killed by SIGTERM: no fd table' },
  { body: { what: 'fd-closed', task: 'quitter', fd: 0 }, passed: false, expected: '0 closed', seen: 'exited 7: no fd table' },
  // credentials
  { body: { what: 'cred', task: 'shell', field: 'euid', value: 1000 }, passed: true, expected: 'euid 1000', seen: 'euid 1000' },
  { body: { what: 'cred', task: 'shell', field: 'suid', value: 0 }, passed: false, expected: 'suid 0', seen: 'suid 1000' },
  { body: { what: 'cred', task: 'shell', field: 'groups', value: [10, 20] }, passed: true, expected: 'groups 10,20', seen: 'groups 10,20' },
  { body: { what: 'cred', task: 'shell', field: 'groups', value: [10] }, passed: false, expected: 'groups 10', seen: 'groups 10,20' },
  // identity
  { body: { what: 'pid', task: 'kid', pid: 402 }, passed: true, expected: '402', seen: '402' },
  { body: { what: 'pid', task: 'kid', pid: 101 }, passed: false, expected: '101', seen: '402' },
  { body: { what: 'ppid', task: 'kid', ppid: 100 }, passed: true, expected: '100', seen: '100' },
  { body: { what: 'ppid', task: 'shell', ppid: 0 }, passed: false, expected: '0', seen: '1' },
  { body: { what: 'tid', task: 'shell', thread: 'worker', tid: 150 }, passed: true, expected: '150', seen: '150' },
  { body: { what: 'tid', task: 'shell', tid: 150 }, passed: false, expected: '150', seen: '100' },
  { body: { what: 'tid', task: 'multi', thread: 'helper', tid: 401 }, passed: false, expected: '401', seen: 'no such thread' },
  { body: { what: 'comm', task: 'kid', comm: 'true' }, passed: true, expected: 'true', seen: 'true' },
  { body: { what: 'comm', task: 'shell', comm: 'x' }, passed: false, expected: 'x', seen: 'sh' },
  { body: { what: 'exe', task: 'kid', path: '/bin/true' }, passed: true, expected: '/bin/true', seen: '/bin/true' },
  { body: { what: 'exe', task: 'victim', path: '/bin/true' }, passed: false, expected: '/bin/true', seen: '(none)' },
  { body: { what: 'argv', task: 'kid', argv: ['true', '-v'] }, passed: true, expected: '["true","-v"]', seen: '["true","-v"]' },
  { body: { what: 'argv', task: 'kid', argv: ['true'] }, passed: false, expected: '["true"]', seen: '["true","-v"]' },
  { body: { what: 'argv', task: 'victim', argv: [] }, passed: false, expected: '[]', seen: 'killed by SIGTERM: no memory' },
  { body: { what: 'umask', task: 'shell', umask: 0o027 }, passed: true, expected: '027', seen: '027' },
  { body: { what: 'umask', task: 'shell', umask: 0o022 }, passed: false, expected: '022', seen: '027' },
  { body: { what: 'cwd', task: 'kid', path: '/tmp' }, passed: true, expected: '/tmp', seen: '/tmp' },
  { body: { what: 'cwd', task: 'kid', path: '/' }, passed: false, expected: '/', seen: '/tmp' },
  { body: { what: 'threads', task: 'shell', count: 2 }, passed: true, expected: '2 thread(s)', seen: '2 thread(s): main/100, worker/150' },
  { body: { what: 'threads', task: 'victim', count: 1 }, passed: false, expected: '1 thread(s)', seen: '0 thread(s)' },
  // signals
  { body: { what: 'disposition', task: 'shell', signal: 'SIGINT', disposition: 'handler' }, passed: true, expected: 'SIGINT handler', seen: 'SIGINT handler' },
  { body: { what: 'disposition', task: 'kid', signal: 'SIGINT', disposition: 'handler' }, passed: false, expected: 'SIGINT handler', seen: 'SIGINT default' },
  { body: { what: 'disposition', task: 'kid', signal: 'SIGQUIT', disposition: 'ignore' }, passed: true, expected: 'SIGQUIT ignore', seen: 'SIGQUIT ignore' },
  { body: { what: 'blocked', task: 'shell', signals: ['SIGUSR1', 'SIGHUP'] }, passed: true, expected: 'SIGHUP SIGUSR1', seen: 'SIGHUP SIGUSR1' },
  { body: { what: 'blocked', task: 'shell', thread: 'worker', signals: [] }, passed: false, expected: '(none)', seen: 'SIGUSR2' },
  { body: { what: 'blocked', task: 'multi', thread: 'helper', signals: [] }, passed: false, expected: '(none)', seen: 'no such thread' },
  { body: { what: 'pending', task: 'shell', signals: ['SIGUSR1'] }, passed: true, expected: 'SIGUSR1', seen: 'SIGUSR1' },
  { body: { what: 'pending', task: 'kid', signals: ['SIGUSR1'] }, passed: false, expected: 'SIGUSR1', seen: '(none)' },
  // memory and the new stack
  { body: { what: 'auxv', task: 'kid', key: 'AT_SECURE', value: 0 }, passed: true, expected: 'AT_SECURE 0', seen: 'AT_SECURE 0' },
  { body: { what: 'auxv', task: 'kid', key: 'AT_EXECFD', value: null }, passed: true, expected: 'AT_EXECFD absent', seen: 'AT_EXECFD absent' },
  { body: { what: 'auxv', task: 'kid', key: 'AT_SECURE', value: 1 }, passed: false, expected: 'AT_SECURE 1', seen: 'AT_SECURE 0' },
  { body: { what: 'memory', task: 'shell', variable: 'answer', value: '42' }, passed: true, expected: 'answer = 42', seen: 'answer = 42' },
  { body: { what: 'memory', task: 'kid', variable: 'answer', value: '42' }, passed: false, expected: 'answer = 42', seen: 'answer = unset' },
  { body: { what: 'memory', task: 'kid', variable: 'answer', value: null }, passed: true, expected: 'answer = unset', seen: 'answer = unset' },
  // process state
  { body: { what: 'state', task: 'shell', state: 'running' }, passed: true, expected: 'running', seen: 'running' },
  { body: { what: 'state', task: 'victim', state: 'running' }, passed: false, expected: 'running', seen: 'killed' },
  { body: { what: 'killed', task: 'victim', signal: 'SIGTERM' }, passed: true, expected: 'killed by SIGTERM', seen: 'killed by SIGTERM' },
  { body: { what: 'killed', task: 'quitter', signal: 'SIGTERM' }, passed: false, expected: 'killed by SIGTERM', seen: 'exited 7' },
  { body: { what: 'exited', task: 'quitter', status: 7 }, passed: true, expected: 'exited 7', seen: 'exited 7' },
  { body: { what: 'exited', task: 'shell', status: 0 }, passed: false, expected: 'exited 0', seen: 'running' },
  // outcomes of statements
  { body: { what: 'result', action: 1, outcome: 'ok' }, passed: true, expected: 'ok', seen: 'ok' },
  { body: { what: 'result', action: 0, outcome: 'ok' }, passed: true, expected: 'ok', seen: 'ok (402)' },
  { body: { what: 'result', action: 2, outcome: 'ENOENT' }, passed: true, expected: 'ENOENT', seen: 'ENOENT' },
  { body: { what: 'result', action: 2, outcome: 'EACCES' }, passed: false, expected: 'EACCES', seen: 'ENOENT' },
  { body: { what: 'result', action: 2, outcome: 'ok' }, passed: false, expected: 'ok', seen: 'ENOENT' },
  { body: { what: 'ponr', action: 1, crossed: true }, passed: true, expected: 'crossed', seen: 'crossed' },
  { body: { what: 'ponr', action: 2, crossed: true }, passed: false, expected: 'crossed', seen: 'not crossed' },
  { body: { what: 'ponr', action: 2, crossed: false }, passed: true, expected: 'not crossed', seen: 'not crossed' },
  { body: { what: 'failed-in', action: 2, phase: 'linux.open_exec' }, passed: true, expected: 'linux.open_exec', seen: 'linux.open_exec' },
  { body: { what: 'failed-in', action: 2, phase: 'linux.copy_args' }, passed: false, expected: 'linux.copy_args', seen: 'linux.open_exec' },
  { body: { what: 'failed-in', action: 1, phase: 'linux.open_exec' }, passed: false, expected: 'linux.open_exec', seen: 'did not fail' },
];

describe('expectations', () => {
  const engine = run(world(cases.map((c) => c.body)));
  const results = (() => {
    engine.runToEnd();
    return engine.expectationResults();
  })();

  cases.forEach((c, i) => {
    const name = `${c.body.what} ${JSON.stringify(c.body).slice(0, 90)} ${c.passed ? 'holds' : 'fails'}`;
    it(name, () => {
      const r = results.get(i)!;
      assert.deepEqual({ passed: r.passed, expected: r.expected, seen: r.seen }, { passed: c.passed, expected: c.expected, seen: c.seen });
    });
  });

  it('each result is recorded as an expectation event after the statement it follows', () => {
    const events = engine.events();
    const lastFinished = events.filter((e) => e.kind === 'action-finished').at(-1)!;
    const checks = events.filter((e) => e.kind === 'expectation');
    assert.equal(checks.length, cases.length);
    assert.deepEqual(
      checks.map((e) => e.kind === 'expectation' && e.index),
      cases.map((_, i) => i),
    );
    assert.ok(checks.every((e) => e.seq > lastFinished.seq));
    assert.equal(checks[0]!.frame?.kind, 'expect');
    assert.equal(checks[0]!.frame?.loc?.line, 108);
  });

  it('fd expectations on an exited process say it has no fd table', () => {
    const e = run(
      scenario({
        nodes: basicNodes(),
        tasks: [{ name: 'shell', pid: 100 }],
        steps: [{ task: 'shell', call: 'vfork', child: 'kid' }, { task: 'shell', call: 'close', fd: 0 }, expect({ what: 'fd-closed', task: 'kid', fd: 9 }), { task: 'kid', call: 'exit', status: 0 }],
      }),
    );
    e.runToEnd();
    // The shell's deferred close ran after kid exited; the expectation after it waited for it.
    assert.deepEqual(e.expectationResults().get(0), { passed: false, expected: '9 closed', seen: 'exited 0: no fd table', seq: e.length - 1 });
  });

  it('an expectation on a child whose fork never ran names the missing task', () => {
    const e = run(
      scenario({
        nodes: basicNodes(),
        tasks: [{ name: 'shell', pid: 100 }],
        steps: [
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'shell', call: 'fork', child: 'late' },
          expect({ what: 'pid', task: 'late', pid: 102 }),
        ],
      }),
    );
    e.runToEnd();
    assert.deepEqual(e.expectationResults().get(0), { passed: false, expected: '102', seen: 'no task named late', seq: e.length - 1 });
  });
});
