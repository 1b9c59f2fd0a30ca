/** Which send rights reach a secure exec on the Hurd: the prediction the debugger shows, and the incident at startup. */
import * as assert from 'node:assert/strict';
import { Engine, incidentsAt } from '../../../../sim-core/src/index.js';
import { hurdInspector } from '../../../../sim-core/src/personalities/hurd/inspector.js';
import { reachingRightText, rightsReachingSecureExec } from '../../../../sim-core/src/personalities/hurd/secure-exec-rights.js';
import { evaluate } from '../../../../sim-core/src/query/evaluate.js';
import { data, elf } from '../../../support/scenario-builder.js';
import { hurdScenario, run } from './support.js';

const world = (path: string) =>
  hurdScenario({
    nodes: [elf('/bin/su', { mode: 0o4755, owner: { uid: 0, gid: 0 } }), elf('/bin/true'), data('/etc/shadow'), { kind: 'device', path: '/dev/tty', device: 'char' }],
    tasks: [
      {
        name: 'shell',
        pid: 100,
        creds: { uid: 1000, gid: 1000 },
        fds: [
          { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
          { fd: 3, target: { path: '/etc/shadow' }, cloexec: true },
          { fd: 4, target: { path: '/etc/shadow' } },
        ],
        hurd: { ports: [{ name: 40, label: 'a service', right: 'send' }] },
      },
    ],
    steps: [{ task: 'shell', call: 'execve', path, argv: ['x'] }],
  });

function leaks(engine: Engine) {
  return engine.events().flatMap((e) => incidentsAt(engine, e.seq, hurdInspector).filter((i) => i.kind === 'secure-exec-leak').map((i) => ({ ...i, seq: e.seq })));
}

describe('Hurd rights reaching a secure exec', () => {
  it('lists the descriptors without close-on-exec and CWDIR, each to be reauthenticated, and not the other rights of the namespace', () => {
    const e = run(world('/bin/su'));
    const shell = e.initialState.tasks.get(100)!;
    assert.deepEqual(rightsReachingSecureExec(e.initialState, shell).map((r) => reachingRightText(e.initialState, shell, r)), [
      'fd 0: name 11 send(1) → io /dev/tty (O_READ|O_WRITE) uids 1000 — reauthenticated with the new ids (exec_reauth)',
      'fd 4: name 13 send(1) → io /etc/shadow (O_READ) uids 1000 — reauthenticated with the new ids (exec_reauth)',
      'CWDIR: name 4 send(1) → io / (0) uids 1000 — reauthenticated with the new ids (exec_reauth)',
    ]);
  });

  it('answers ports(shell).secureExec in the query language', () => {
    const e = run(world('/bin/su'));
    const v = evaluate('ports(shell).secureExec', { state: e.initialState, inspector: hurdInspector });
    assert.equal(v.display, '3 rights');
  });

  it('stops once, when the set-uid program has rebuilt its descriptor table, naming the fd it inherited', () => {
    const e = run(world('/bin/su'));
    const found = leaks(e);
    assert.equal(found.length, 1);
    const at = e.event(found[0]!.seq);
    assert.equal(at.kind === 'phase-left' && at.phase, 'hurd.newtask.dtable');
    assert.equal(found[0]!.description, 'shell (pid 100) starts /bin/su with EXEC_SECURE holding fd 4 → /etc/shadow (ro)');
    assert.deepEqual(found[0]!.details, ['fd 4 → /etc/shadow (ro)']);
  });

  it('does not stop for an exec that is not secure', () => {
    assert.deepEqual(leaks(run(world('/bin/true'))), []);
  });
});
