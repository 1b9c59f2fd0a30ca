import * as assert from 'node:assert/strict';
import { argFd, argNull, argSeq, descriptionOf, fdTableOf } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, cloudabiScenario, fdRows, lastMessage, launcher, procExec, run } from '../support.js';

const world = () =>
  launcher([
    { fd: 4, target: { socket: 'smtp' } },
    { fd: 5, target: { path: '/etc/config' }, access: 'ro', cloexec: true },
    { fd: 7, target: { kqueue: 'events' } },
    { fd: 8, target: { path: '/var/spool' }, access: 'ro', rights: ['CAP_LOOKUP', 'CAP_READ'] },
  ]);

const initialRows = [
  '0 → /dev/tty (rw)',
  '1 → /dev/tty (rw)',
  '2 → /dev/tty (rw)',
  '3 → /bin/prog (exec)',
  '4 → socket:smtp (rw)',
  '5 → /etc/config (ro, cloexec)',
  '7 → kqueue:events (rw)',
  '8 → /var/spool (ro)',
];

describe('fdcopy_remapped (phase 4)', () => {
  it('builds slot i from fds[i] and lets two slots share one open file for a duplicate', () => {
    const r = run(cloudabiScenario({ tasks: [world()], steps: [procExec(argSeq([argFd(0), argFd(1)]), [4, 4])] }));
    assert.equal(r.outcome().ok, true);
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), ['0 → socket:smtp (rw)', '1 → socket:smtp (rw)']);
    const slots = fdTableOf(r.final, LAUNCHER_PID).slots;
    const d = descriptionOf(r.final, slots.get(0)!.desc);
    assert.equal(slots.get(1)!.desc, d.id);
    assert.equal(d.refs, 2);
    assert.deepEqual(
      r.ofKind('fd-remapped').map((e) => [e.slot, e.from]),
      [
        [0, 4],
        [1, 4],
      ],
    );
  });

  it('copies the entry flags verbatim: a close-on-exec fd is passed and stays marked', () => {
    const r = run(cloudabiScenario({ tasks: [world()], steps: [procExec(argFd(5))] }));
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), ['0 → /etc/config (ro, cloexec)']);
    assert.equal(r.ofKind('fd-remapped')[0]!.cloexec, true);
  });

  it('copies the capability rights with the entry', () => {
    const r = run(cloudabiScenario({ tasks: [world()], steps: [procExec(argFd(8))] }));
    const d = descriptionOf(r.final, fdTableOf(r.final, LAUNCHER_PID).slots.get(0)!.desc);
    assert.deepEqual(d.rights, ['CAP_LOOKUP', 'CAP_READ']);
  });

  const refusals: Array<[string, number[], string, string]> = [
    ['a negative fds[] entry', [4, -1], 'EBADF', 'fds[1] = -1 is out of bounds (fd_lastfile is 8)'],
    ['an fds[] entry above fd_lastfile', [9], 'EBADF', 'fds[0] = 9 is out of bounds (fd_lastfile is 8)'],
    ['an unused slot below fd_lastfile', [4, 6], 'EBADF', 'fds[1] = 6 is not an open fd'],
    ['a kqueue (not DFLAG_PASSABLE)', [7], 'EINVAL', 'fds[0] = 7 is a kqueue, which cannot be passed (no DFLAG_PASSABLE)'],
  ];
  for (const [what, fds, errno, detail] of refusals) {
    it(`refuses ${what} with ${errno} and frees the partial table without closing anything`, () => {
      const r = run(cloudabiScenario({ tasks: [world()], steps: [procExec(argNull, fds)] }));
      assert.deepEqual(r.outcome(), { ok: false, errno, detail, phase: 'cloudabi.fd_remap' });
      assert.deepEqual(r.failedPhases(), [
        ['cloudabi.fd_remap', errno],
        ['cloudabi.kern.copyin', errno],
      ]);
      assert.deepEqual(fdRows(r.final, LAUNCHER_PID), initialRows);
      assert.equal(r.ofKind('remapped-table-freed').length, 1);
      assert.deepEqual(r.ofKind('fd-closed'), []);
      assert.equal(r.final.fdTables.size, 1);
      assert.equal(lastMessage(r.final).newTable, undefined);
    });
  }

  it('drops the copied references with fdescfree_remapped when do_execve fails later', () => {
    const r = run(
      cloudabiScenario({
        tasks: [launcher([{ fd: 4, target: { socket: 'smtp' } }, { fd: 5, target: { path: '/bin/prog' }, access: 'wo' }])],
        steps: [procExec(argNull, [4, 4])],
      }),
    );
    assert.equal((r.outcome() as { errno: string }).errno, 'ETXTBSY');
    assert.deepEqual(r.ofKind('remapped-table-freed').map((e) => e.count), [2]);
    const d = descriptionOf(r.final, fdTableOf(r.final, LAUNCHER_PID).slots.get(4)!.desc);
    assert.equal(d.refs, 1);
  });
});

describe('fdinstall_remapped (phase 9)', () => {
  it('closes every old descriptor, close-on-exec or not, and installs the remapped table', () => {
    const r = run(cloudabiScenario({ tasks: [world()], steps: [procExec(argSeq([argFd(8), argFd(2)]))] }));
    assert.deepEqual(r.ofKind('fd-closed').map((e) => [e.fds, e.reason]), [[[0, 1, 2, 3, 4, 5, 7, 8], 'exec-remap']]);
    assert.deepEqual(r.ofKind('fd-table-replaced').map((e) => [e.how, e.count]), [['exec-remap', 2]]);
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), ['0 → /var/spool (ro)', '1 → /dev/tty (rw)']);
    // The tty's description lost its three old slots and gained one.
    assert.equal(descriptionOf(r.final, fdTableOf(r.final, LAUNCHER_PID).slots.get(1)!.desc).refs, 1);
  });

  it('leaves the program with no fds at all when the tree names none', () => {
    const r = run(cloudabiScenario({ tasks: [world()], steps: [procExec(argNull)] }));
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), []);
    assert.equal(r.final.descriptions.size, 0);
  });
});
