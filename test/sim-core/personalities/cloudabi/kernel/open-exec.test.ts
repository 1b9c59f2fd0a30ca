import * as assert from 'node:assert/strict';
import { argNull, type FdSpec, type FsNodeSpec } from '../../../../../sim-core/src/index.js';
import { baseNodes, cloudabiElf, cloudabiScenario, launcher, procExec, run } from '../support.js';

/** Runs proc_exec of fd 4 with extra fds and files; returns the outcome. */
function execFd4(fd4: FdSpec | null, nodes: FsNodeSpec[] = [], extraFds: FdSpec[] = [], mounts?: Array<{ path: string; fstype: string; noexec?: boolean }>) {
  const fds = [...(fd4 ? [fd4] : []), ...extraFds];
  return run(cloudabiScenario({ nodes: baseNodes(nodes), tasks: [launcher(fds)], steps: [procExec(argNull, undefined, 4)], ...(mounts ? { mounts } : {}) }));
}

const errnoOf = (r: ReturnType<typeof execFd4>) => {
  const o = r.outcome();
  return o.ok ? 'ok' : 'errno' in o ? `${o.errno} in ${o.phase}` : JSON.stringify(o);
};

describe('fgetvp_exec and exec_check_permissions (phase 5)', () => {
  it('accepts an fd opened O_EXEC', () => assert.equal(errnoOf(execFd4({ fd: 4, target: { path: '/bin/prog' }, access: 'exec' })), 'ok'));

  it('accepts an fd opened read-only', () => assert.equal(errnoOf(execFd4({ fd: 4, target: { path: '/bin/prog' }, access: 'ro' })), 'ok'));

  it('refuses an fd that is not open with EBADF', () => assert.equal(errnoOf(execFd4(null)), 'EBADF in cloudabi.kern.open_exec'));

  it('refuses an fd open for writing with EBADF', () => {
    assert.equal(errnoOf(execFd4({ fd: 4, target: { path: '/bin/prog' }, access: 'rw' })), 'EBADF in cloudabi.kern.open_exec');
  });

  it('refuses a pipe read end (no vnode) with EINVAL', () => {
    assert.equal(errnoOf(execFd4({ fd: 4, target: { pipe: 'p', end: 'read' } })), 'EINVAL in cloudabi.kern.open_exec');
  });

  it('refuses a socket, open for reading and writing, with EBADF before looking for a vnode', () => {
    assert.equal(errnoOf(execFd4({ fd: 4, target: { socket: 's' } })), 'EBADF in cloudabi.kern.open_exec');
  });

  it('refuses a directory with EACCES', () => {
    assert.equal(errnoOf(execFd4({ fd: 4, target: { path: '/var/spool' }, access: 'ro' })), 'EACCES in cloudabi.kern.open_exec');
  });

  it('refuses a file without any execute bit with EACCES', () => {
    const r = execFd4({ fd: 4, target: { path: '/bin/noexec' }, access: 'ro' }, [{ ...cloudabiElf('/bin/noexec'), mode: 0o644 }]);
    assert.equal(errnoOf(r), 'EACCES in cloudabi.kern.open_exec');
  });

  it('refuses a file on a noexec mount with EACCES', () => {
    const r = execFd4({ fd: 4, target: { path: '/mnt/usb/prog' }, access: 'ro' }, [cloudabiElf('/mnt/usb/prog')], [], [{ path: '/mnt/usb', fstype: 'msdosfs', noexec: true }]);
    assert.equal(errnoOf(r), 'EACCES in cloudabi.kern.open_exec');
  });

  it('refuses an empty file with ENOEXEC', () => {
    const r = execFd4({ fd: 4, target: { path: '/bin/empty' }, access: 'ro' }, [cloudabiElf('/bin/empty', { size: 0 })]);
    assert.equal(errnoOf(r), 'ENOEXEC in cloudabi.kern.open_exec');
  });

  it('refuses a file the caller may not execute with EACCES', () => {
    const r = run(
      cloudabiScenario({
        nodes: baseNodes([{ ...cloudabiElf('/bin/private'), mode: 0o700 }]),
        tasks: [launcher([{ fd: 4, target: { path: '/bin/private' }, access: 'exec' }], { creds: { uid: 1000, gid: 1000 } })],
        steps: [procExec(argNull, undefined, 4)],
      }),
    );
    assert.equal(errnoOf(r), 'EACCES in cloudabi.kern.open_exec');
  });

  it('refuses a file that is open for writing with ETXTBSY', () => {
    const r = execFd4({ fd: 4, target: { path: '/bin/prog' }, access: 'exec' }, [], [{ fd: 5, target: { path: '/bin/prog' }, access: 'wo' }]);
    assert.equal(errnoOf(r), 'ETXTBSY in cloudabi.kern.open_exec');
  });

  it('refuses a file another program is writing with ETXTBSY', () => {
    const busy: FsNodeSpec = { kind: 'file', path: '/bin/busy', mode: 0o755, content: { type: 'elf', machine: 'x86_64', osabi: 'cloudabi', size: 100 }, writers: 1 };
    const r = execFd4({ fd: 4, target: { path: '/bin/busy' }, access: 'exec' }, [busy]);
    assert.equal(errnoOf(r), 'ETXTBSY in cloudabi.kern.open_exec');
  });

  it('does not cross the point of no return when it fails', () => {
    const r = execFd4(null);
    assert.equal(r.engine.actions().get(0)!.ponr, false);
    assert.deepEqual(r.ofKind('point-of-no-return'), []);
  });
});
