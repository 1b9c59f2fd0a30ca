import * as assert from 'node:assert/strict';
import { Engine } from '../../../../sim-core/src/index.js';
import { data, expect } from '../../../support/scenario-builder.js';
import { glibc, hurdScenario, names, run } from './support.js';

const tty = { kind: 'device' as const, path: '/dev/tty', device: 'char' as const };

function shell(extra: object = {}) {
  return hurdScenario({
    nodes: [tty, data('/etc/motd')],
    tasks: [
      {
        name: 'shell',
        pid: 100,
        creds: { uid: 1000, gid: 1000 },
        fds: [
          { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
          { fd: 1, dupOf: 0 },
          { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
        ],
        ...extra,
      },
    ],
  });
}

describe('the Hurd world before the first action', () => {
  it('gives a glibc program its task, thread, init, message and reply ports and one io port per open file', () => {
    const state = run(shell()).initialState;
    assert.deepEqual(names(state, 'shell'), [
      '1 send(1) task',
      '2 send(1) thread',
      '3 send(1) thread',
      '4 send(1) io',
      '5 send(1) io',
      '6 send(1) auth',
      '7 send(1) proc',
      '8 receive+send(1) msgport',
      '9 receive reply',
      '10 receive reply',
      '11 send(2) io',
      '12 send(1) io',
    ]);
  });

  it('keeps glibc\'s init ports and descriptor table as names in the task', () => {
    const state = run(shell()).initialState;
    assert.deepEqual(glibc(state, 'shell'), [
      '_hurd_ports[CWDIR] = 4 (io / (0) uids 1000)',
      '_hurd_ports[CRDIR] = 5 (io / (0) uids 1000)',
      '_hurd_ports[AUTH] = 6 (auth {eu 1000 au 1000 1000 eg 1000 ag 1000 1000})',
      '_hurd_ports[PROC] = 7 (proc shell(100))',
      '_hurd_ports[CTTYID] = NULL',
      '_hurd_ports[BOOTSTRAP] = NULL',
      'fd 0 = 11 (io /dev/tty (O_READ|O_WRITE) uids 1000)',
      'fd 1 = 11 (io /dev/tty (O_READ|O_WRITE) uids 1000)',
      'fd 3 = 12 (io /etc/motd (O_READ) uids 1000) FD_CLOEXEC',
      '_hurd_exec_flags = 0; _hurdsig_traced = none; msgport 8; task self 1',
    ]);
  });

  it('mirrors the descriptor table in the core fd table, close-on-exec included', () => {
    const s = shell();
    const e = run({
      ...s,
      expectations: [{ what: 'fd-table', task: 'shell', rows: [{ fd: 0, target: '/dev/tty', access: 'rw' }, { fd: 1, target: '/dev/tty', access: 'rw' }, { fd: 3, target: '/etc/motd', access: 'ro', cloexec: true }], index: 0, after: -1, loc: { line: 1, column: 1, endLine: 1, endColumn: 1 } }],
    });
    assert.equal(e.expectationResults().get(0)!.passed, true, e.expectationResults().get(0)!.seen);
  });

  it('takes the credentials from the auth port: real and saved ids are the first two available ids', () => {
    const state = run(shell({ hurd: { auth: { euids: [0, 7], auids: [1000, 500], egids: [10, 20], agids: [30] } } })).initialState;
    const t = state.tasks.get(100)!;
    assert.deepEqual(t.creds, { uid: 1000, euid: 0, suid: 500, fsuid: 0, gid: 30, egid: 10, sgid: 30, fsgid: 10, groups: [10, 20] });
  });

  it('runs the servers as tasks with their own namespaces and request threads', () => {
    const state = run(shell()).initialState;
    assert.deepEqual(['proc', 'auth', 'ext2fs', 'exec'].map((n) => state.names[n]), [4, 5, 6, 7]);
    assert.deepEqual(state.tasks.get(6)!.threads.map((t) => t.name), ['main', 'worker']);
    assert.deepEqual(names(state, 'exec'), ['1 send(1) auth', '2 receive fsys', '3 receive exec', '4 send(1) proc', '5 send(1) io', '6 send(1) io', '7 send(1) auth']);
    assert.deepEqual(names(state, 'auth'), ['1 receive auth', '2 receive auth', '3 receive auth']);
  });

  it('gives descriptors on the controlling terminal a ctty port, shared by dups, and the task a CTTYID port', () => {
    const state = run(shell({ hurd: { ctty: '/dev/tty' } })).initialState;
    assert.deepEqual(names(state, 'shell').slice(7), ['8 send(1) cttyid', '9 receive+send(1) msgport', '10 receive reply', '11 receive reply', '12 send(2) io', '13 send(2) ctty', '14 send(1) io']);
    assert.deepEqual(glibc(state, 'shell').slice(6, 8), ['fd 0 = 12 (io /dev/tty (O_READ|O_WRITE) uids 1000) ctty 13', 'fd 1 = 12 (io /dev/tty (O_READ|O_WRITE) uids 1000) ctty 13']);
  });

  it('puts declared rights under the names chosen and glibc\'s names around them', () => {
    const state = run(
      hurdScenario({
        tasks: [
          { name: 'server', pid: 200, hurd: { ports: [{ name: 3, label: 'service', right: 'receive' }] } },
          { name: 'client', pid: 300, hurd: { ports: [{ name: 50, label: 'to service', right: 'send', refs: 2, peer: { task: 'server', name: 3 } }, { name: 51, label: 'old', right: 'dead-name' }] } },
        ],
      }),
    ).initialState;
    assert.deepEqual(names(state, 'server').slice(0, 4), ['1 send(1) task', '2 send(1) thread', '3 receive plain', '4 send(1) thread']);
    assert.deepEqual(names(state, 'client').slice(-2), ['50 send(2) plain', '51 dead-name(1) plain']);
  });

  it('refuses a declared peer that is not a receive right the other task declared', () => {
    const r = Engine.create(hurdScenario({ tasks: [{ name: 'a', pid: 200 }, { name: 'b', pid: 300, hurd: { ports: [{ name: 9, label: 'x', right: 'send', peer: { task: 'a', name: 3 } }] } }] }));
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => [p.code, p.message]), [['bad-reference', 'a declares no receive right named 3']]);
  });

  it('refuses the proc server\'s pid and names for scenario tasks', () => {
    const r = Engine.create(hurdScenario({ tasks: [{ name: 'exec', pid: 4 }] }));
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => p.code), ['duplicate-task', 'duplicate-pid']);
  });

  void expect;
});
