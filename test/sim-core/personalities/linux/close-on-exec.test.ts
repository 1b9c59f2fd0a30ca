/**
 * Close-on-exec belongs to the fd slot, not to the open file description
 * (include/linux/fdtable.h: the close_on_exec bitmap; fs/file.c: dup,
 * dup2/dup3, F_DUPFD_CLOEXEC, do_close_on_exec). Tables are checked slot by
 * slot as "fd target access [cloexec]".
 */
import * as assert from 'node:assert/strict';
import type { ActionCall, FdSpec } from '../../../../sim-core/src/index.js';
import { runLinux, world } from './run-linux.js';

type Step = ActionCall & { task: string };

function withFds(fds: FdSpec[], steps: ActionCall[], exec = true) {
  const all: Step[] = steps.map((s) => ({ task: 'sh', ...s }));
  if (exec) all.push({ task: 'sh', call: 'execve', path: '/bin/prog', argv: ['prog'] });
  return runLinux({ nodes: world(), tasks: [{ name: 'sh', pid: 100, fds }], steps: all });
}

const motd = (fd: number, cloexec = false, access: FdSpec['access'] = 'ro'): FdSpec => ({ fd, target: { path: '/etc/motd' }, cloexec, access });

describe('linux exec: close-on-exec, slot by slot', () => {
  it('exec closes exactly the close-on-exec slots, at any fd number, and keeps the rest as they were', () => {
    const r = withFds([motd(0), motd(3, true), motd(4), motd(63, true), motd(64, false, 'rw'), motd(1000, true), motd(1023, false, 'wo')], []);
    assert.deepEqual(r.fds('sh'), ['0 /etc/motd ro', '4 /etc/motd ro', '64 /etc/motd rw', '1023 /etc/motd wo']);
    const closed = r.events(0).filter((e) => e.kind === 'fd-closed');
    assert.deepEqual(closed.map((e) => (e.kind === 'fd-closed' ? [e.fds, e.reason, e.frame?.phase] : [])), [[[3, 63, 1000], 'close-on-exec', 'linux.close_on_exec']]);
  });

  it('dup gives a slot without close-on-exec', () => {
    const r = withFds([motd(3, true)], [{ call: 'dup', fd: 3 }]);
    assert.equal(r.result(0), 'ok 0');
    assert.deepEqual(r.fds('sh'), ['0 /etc/motd ro']);
  });

  it('dup2 to another number gives a slot without close-on-exec, dup2(fd, fd) keeps the bit', () => {
    const other = withFds([motd(3, true)], [{ call: 'dup2', oldfd: 3, newfd: 5 }]);
    assert.deepEqual(other.fds('sh'), ['5 /etc/motd ro']);
    const same = withFds([motd(3, true)], [{ call: 'dup2', oldfd: 3, newfd: 3 }]);
    assert.equal(same.result(0), 'ok 3');
    assert.deepEqual(same.fds('sh'), []);
  });

  it('dup3(O_CLOEXEC) and F_DUPFD_CLOEXEC set the bit on the new slot; dup3(fd, fd) is EINVAL', () => {
    const r = withFds([motd(3)], [
      { call: 'dup3', oldfd: 3, newfd: 8, flags: ['O_CLOEXEC'] },
      { call: 'fcntl', fd: 3, cmd: 'F_DUPFD_CLOEXEC', arg: 20 },
      { call: 'fcntl', fd: 3, cmd: 'F_DUPFD', arg: 20 },
      { call: 'dup3', oldfd: 3, newfd: 3, flags: [] },
    ], false);
    assert.deepEqual([r.result(0), r.result(1), r.result(2), r.result(3)], ['ok 8', 'ok 20', 'ok 21', 'EINVAL']);
    assert.deepEqual(r.fds('sh'), ['3 /etc/motd ro', '8 /etc/motd ro cloexec', '20 /etc/motd ro cloexec', '21 /etc/motd ro']);
  });

  it('F_SETFD on one slot leaves the other slot of the same description alone; F_GETFD reads the slot', () => {
    const r = withFds([motd(3), { fd: 4, dupOf: 3 }], [
      { call: 'fcntl', fd: 3, cmd: 'F_SETFD', arg: 1 },
      { call: 'fcntl', fd: 3, cmd: 'F_GETFD' },
      { call: 'fcntl', fd: 4, cmd: 'F_GETFD' },
    ]);
    assert.deepEqual([r.result(1), r.result(2)], ['ok 1', 'ok 0']);
    assert.deepEqual(r.fds('sh'), ['4 /etc/motd ro']);
    // The description survives with one reference left.
    const slot = r.state.fdTables.get(r.task('sh').files)!.slots.get(4)!;
    assert.equal(r.state.descriptions.get(slot.desc)!.refs, 1);
  });

  it('open(O_CLOEXEC) marks the lowest free slot; pipe2(O_CLOEXEC) marks both ends', () => {
    const r = withFds([motd(0)], [
      { call: 'open', path: '/etc/motd', flags: ['O_RDONLY', 'O_CLOEXEC'] },
      { call: 'pipe', name: 'p', flags: ['O_CLOEXEC'] },
      { call: 'pipe', name: 'q', flags: [] },
    ]);
    assert.deepEqual([r.result(0), r.result(1), r.result(2)], ['ok 1', 'ok 2', 'ok 4']);
    assert.deepEqual(r.fds('sh'), ['0 /etc/motd ro', '4 pipe:q[read] ro', '5 pipe:q[write] wo']);
  });

  it('fork copies the table with the bits; the child\'s exec closes its own slots only', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100, fds: [motd(3), motd(4, true)] }],
      steps: [
        { task: 'sh', call: 'fork', child: 'kid' },
        { task: 'kid', call: 'execve', path: '/bin/prog', argv: ['prog'] },
      ],
    });
    assert.deepEqual(r.fds('kid'), ['3 /etc/motd ro']);
    assert.deepEqual(r.fds('sh'), ['3 /etc/motd ro', '4 /etc/motd ro cloexec']);
    // fd 3's description is shared by parent and child: two references.
    const slot = r.state.fdTables.get(r.task('sh').files)!.slots.get(3)!;
    assert.equal(r.state.descriptions.get(slot.desc)!.refs, 2);
  });

  it('a table shared with CLONE_FILES is unshared by exec before close-on-exec: the sharer keeps its slots', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100, fds: [motd(3, true), motd(4)] }],
      steps: [
        { task: 'sh', call: 'clone', child: 'kid', flags: ['CLONE_FILES'] },
        { task: 'kid', call: 'execve', path: '/bin/prog', argv: ['prog'] },
      ],
    });
    assert.deepEqual(r.fds('kid'), ['4 /etc/motd ro']);
    assert.deepEqual(r.fds('sh'), ['3 /etc/motd ro cloexec', '4 /etc/motd ro']);
    const phases = r.events(1).flatMap((e) => (e.kind === 'fd-table-replaced' ? [e.frame?.phase] : []));
    assert.deepEqual(phases, ['linux.unshare_files']);
  });

  it('an exec that fails closes nothing', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100, fds: [motd(3, true), motd(4)] }],
      steps: [{ task: 'sh', call: 'execve', path: '/bin/none', argv: ['x'] }],
    });
    assert.deepEqual(r.fds('sh'), ['3 /etc/motd ro cloexec', '4 /etc/motd ro']);
  });
});
