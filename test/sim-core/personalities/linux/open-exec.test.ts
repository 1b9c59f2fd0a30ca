/**
 * do_open_execat: which files may be executed, by whom, under which names,
 * and which errno the kernel gives otherwise (fs/exec.c, fs/namei.c).
 */
import * as assert from 'node:assert/strict';
import type { ActionCall, FsNodeSpec, TaskSpec } from '../../../../sim-core/src/index.js';
import { data, elf } from '../../../support/scenario-builder.js';
import { runLinux, world } from './run-linux.js';

type Exec = Extract<ActionCall, { call: 'execve' }> | Extract<ActionCall, { call: 'execveat' }> | Extract<ActionCall, { call: 'fexecve' }>;

/** Runs one exec and returns its result and the phase that failed. */
function tryExec(call: Exec, opts: { nodes?: FsNodeSpec[]; task?: Partial<TaskSpec>; mounts?: { path: string; fstype: string; noexec?: boolean; nosuid?: boolean }[] } = {}) {
  const r = runLinux({
    nodes: world(opts.nodes ?? []),
    mounts: opts.mounts ?? [],
    tasks: [{ name: 'sh', pid: 100, ...opts.task }],
    steps: [{ task: 'sh', ...call }],
  });
  return { result: r.result(0), failedIn: r.failedIn(0), ponr: r.ponr(0), run: r };
}

const execve = (path: string): Exec => ({ call: 'execve', path, argv: ['x'] });
const user = { creds: { uid: 1000, gid: 1000 } };

describe('linux exec: do_open_execat', () => {
  describe('permission', () => {
    it('a file without any x bit is EACCES, even for root', () => {
      const r = tryExec(execve('/bin/rw'), { nodes: [elf('/bin/rw', { mode: 0o644 })] });
      assert.deepEqual([r.result, r.failedIn, r.ponr], ['EACCES', 'linux.open_exec', false]);
    });

    it('root may execute a file with only one x bit, in a class root is not in', () => {
      assert.equal(tryExec(execve('/bin/xo'), { nodes: [elf('/bin/xo', { mode: 0o001, owner: { uid: 1000, gid: 1000 } })] }).result, 'ok');
      assert.equal(tryExec(execve('/bin/xg'), { nodes: [elf('/bin/xg', { mode: 0o610 })] }).result, 'ok');
    });

    it('the owner class decides for the owner: u-x is EACCES even when others may execute', () => {
      const r = tryExec(execve('/bin/mine'), { nodes: [elf('/bin/mine', { mode: 0o605, owner: { uid: 1000, gid: 1000 } })], task: user });
      assert.equal(r.result, 'EACCES');
    });

    it('the group class applies through a supplementary group', () => {
      const nodes = [elf('/bin/grp', { mode: 0o750, owner: { uid: 0, gid: 50 } })];
      assert.equal(tryExec(execve('/bin/grp'), { nodes, task: { creds: { uid: 1000, gid: 1000, groups: [50] } } }).result, 'ok');
      assert.equal(tryExec(execve('/bin/grp'), { nodes, task: user }).result, 'EACCES');
    });

    it('the fs uid is the one checked, not the real uid', () => {
      const nodes = [elf('/bin/own', { mode: 0o700, owner: { uid: 1000, gid: 1000 } })];
      assert.equal(tryExec(execve('/bin/own'), { nodes, task: { creds: { uid: 0, euid: 1000, fsuid: 1000, gid: 0 } } }).result, 'ok');
      assert.equal(tryExec(execve('/bin/own'), { nodes, task: { creds: { uid: 1000, euid: 2000, fsuid: 2000, gid: 0 } } }).result, 'EACCES');
    });

    it('a directory on the way without search permission is EACCES', () => {
      const r = tryExec(execve('/secret/prog'), { nodes: [{ kind: 'dir', path: '/secret', mode: 0o700 }, elf('/secret/prog')], task: user });
      assert.deepEqual([r.result, r.failedIn], ['EACCES', 'linux.open_exec']);
    });
  });

  describe('file types and mounts', () => {
    it('a directory, a fifo, a device and a socket are EACCES', () => {
      const nodes: FsNodeSpec[] = [
        { kind: 'fifo', path: '/tmp/fifo', mode: 0o777 },
        { kind: 'socket', path: '/tmp/sock', mode: 0o777 },
      ];
      for (const p of ['/bin', '/tmp/fifo', '/dev/tty', '/tmp/sock']) assert.equal(tryExec(execve(p), { nodes }).result, 'EACCES', p);
    });

    it('a noexec mount is EACCES although the x bits allow it', () => {
      const r = tryExec(execve('/mnt/prog'), { nodes: [elf('/mnt/prog')], mounts: [{ path: '/mnt', fstype: 'tmpfs', noexec: true }] });
      assert.deepEqual([r.result, r.failedIn], ['EACCES', 'linux.open_exec']);
    });

    it('a file open for writing is ETXTBSY: by the caller, another process, or a writer outside the scenario', () => {
      const own = tryExec(execve('/bin/prog'), { task: { fds: [{ fd: 3, target: { path: '/bin/prog' }, access: 'wo', cloexec: true }] } });
      assert.deepEqual([own.result, own.failedIn], ['ETXTBSY', 'linux.open_exec']);
      const rw = tryExec(execve('/bin/prog'), { task: { fds: [{ fd: 3, target: { path: '/bin/prog' }, access: 'rw' }] } });
      assert.equal(rw.result, 'ETXTBSY');
      assert.equal(tryExec(execve('/bin/busy'), { nodes: [elf('/bin/busy', { writers: 1 })] }).result, 'ETXTBSY');
      const ro = tryExec(execve('/bin/prog'), { task: { fds: [{ fd: 3, target: { path: '/bin/prog' }, access: 'ro' }] } });
      assert.equal(ro.result, 'ok');
    });

    it('closing the last writer makes the file executable again', () => {
      const r = runLinux({
        nodes: world(),
        tasks: [{ name: 'sh', pid: 100, fds: [{ fd: 3, target: { path: '/bin/prog' }, access: 'wo' }, { fd: 4, dupOf: 3 }] }],
        steps: [
          { task: 'sh', call: 'close', fd: 3 },
          { task: 'sh', call: 'execve', path: '/bin/prog', argv: ['p'] },
          { task: 'sh', call: 'close', fd: 4 },
          { task: 'sh', call: 'execve', path: '/bin/prog', argv: ['p'] },
        ],
      });
      assert.deepEqual([r.result(1), r.result(3)], ['ETXTBSY', 'ok']);
    });
  });

  describe('names', () => {
    it('a missing file is ENOENT; a file used as a directory is ENOTDIR', () => {
      assert.equal(tryExec(execve('/bin/nothing')).result, 'ENOENT');
      assert.equal(tryExec(execve('/etc/motd/prog')).result, 'ENOTDIR');
      assert.equal(tryExec(execve('/bin/prog/')).result, 'ENOTDIR');
    });

    it('an empty name is ENOENT in linux.entry', () => {
      const r = tryExec(execve(''));
      assert.deepEqual([r.result, r.failedIn], ['ENOENT', 'linux.entry']);
    });

    it('a component of 256 bytes is ENAMETOOLONG in the walk; 255 bytes is only missing', () => {
      const long = tryExec(execve(`/bin/${'n'.repeat(256)}`));
      assert.deepEqual([long.result, long.failedIn], ['ENAMETOOLONG', 'linux.open_exec']);
      assert.equal(tryExec(execve(`/bin/${'n'.repeat(255)}`)).result, 'ENOENT');
    });

    it('a whole name of PATH_MAX (4096) bytes is ENAMETOOLONG in linux.entry; 4095 bytes is walked', () => {
      const at4096 = tryExec(execve('/' + 'p/'.repeat(2047) + 'q'));
      assert.deepEqual([at4096.result, at4096.failedIn], ['ENAMETOOLONG', 'linux.entry']);
      const at4095 = tryExec(execve('/' + 'p/'.repeat(2046) + 'qq'));
      assert.deepEqual([at4095.result, at4095.failedIn], ['ENOENT', 'linux.open_exec']);
    });

    it('a symlink loop is ELOOP; a symlink to the program runs', () => {
      const nodes: FsNodeSpec[] = [
        { kind: 'symlink', path: '/loop/a', target: '/loop/b' },
        { kind: 'symlink', path: '/loop/b', target: 'a' },
        { kind: 'symlink', path: '/bin/link', target: 'prog' },
      ];
      assert.equal(tryExec(execve('/loop/a'), { nodes }).result, 'ELOOP');
      const ok = tryExec(execve('/bin/link'), { nodes });
      assert.equal(ok.result, 'ok');
      assert.equal(ok.run.task('sh').exe, '/bin/prog');
    });

    it('a task with its own root (chroot) finds absolute names, and #! interpreters, under it', () => {
      const nodes = [elf('/srv/bin/prog'), { kind: 'file' as const, path: '/srv/bin/s', content: { type: 'script' as const, text: '#!/bin/prog\n' } }];
      const r = tryExec(execve('/bin/s'), { nodes, task: { root: '/srv', cwd: '/srv' } });
      assert.equal(r.result, 'ok');
      // Seen from inside, as /proc/self/exe shows it (d_path relative to the task's root).
      assert.equal(r.run.task('sh').exe, '/bin/prog');
      assert.equal(r.run.task('sh').root, '/srv');
      assert.equal(tryExec(execve('/bin/interp'), { nodes, task: { root: '/srv' } }).result, 'ENOENT');
    });

    it('a relative name is looked up from the cwd', () => {
      assert.equal(tryExec(execve('prog'), { task: { cwd: '/bin' } }).result, 'ok');
      assert.equal(tryExec(execve('prog'), { task: { cwd: '/etc' } }).result, 'ENOENT');
    });
  });

  describe('execveat', () => {
    it('flags other than AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH are EINVAL (AT_EXECVE_CHECK only from 6.14)', () => {
      const bad = tryExec({ call: 'execveat', dirfd: 'AT_FDCWD', path: '/bin/prog', argv: ['p'], flags: ['AT_EXE_FILE'] });
      assert.deepEqual([bad.result, bad.failedIn], ['EINVAL', 'linux.open_exec']);
      const check613 = runLinux({
        machine: { kernelVersion: '6.13' },
        nodes: world(),
        tasks: [{ name: 'sh', pid: 100 }],
        steps: [{ task: 'sh', call: 'execveat', dirfd: 'AT_FDCWD', path: '/bin/prog', argv: ['p'], flags: ['AT_EXECVE_CHECK'] }],
      });
      assert.equal(check613.result(0), 'EINVAL');
    });

    it('an empty name needs AT_EMPTY_PATH: without it ENOENT', () => {
      const r = tryExec({ call: 'execveat', dirfd: 3, path: '', argv: ['p'], flags: [] }, { task: { fds: [{ fd: 3, target: { path: '/bin/prog' } }] } });
      assert.deepEqual([r.result, r.failedIn], ['ENOENT', 'linux.entry']);
    });

    it('a dirfd that is not open is EBADF, for an empty and for a relative name, but ignored for an absolute one', () => {
      assert.equal(tryExec({ call: 'execveat', dirfd: 9, path: '', argv: ['p'], flags: ['AT_EMPTY_PATH'] }).result, 'EBADF');
      assert.equal(tryExec({ call: 'execveat', dirfd: 9, path: 'prog', argv: ['p'], flags: [] }).result, 'EBADF');
      assert.equal(tryExec({ call: 'execveat', dirfd: 9, path: '/bin/prog', argv: ['p'], flags: [] }).result, 'ok');
    });

    it('a relative name with a dirfd that is not a directory is ENOTDIR (a file or a pipe)', () => {
      const task = { fds: [{ fd: 3, target: { path: '/bin/prog' } }, { fd: 4, target: { pipe: 'p', end: 'read' as const } }] };
      assert.equal(tryExec({ call: 'execveat', dirfd: 3, path: 'prog', argv: ['p'], flags: [] }, { task }).result, 'ENOTDIR');
      assert.equal(tryExec({ call: 'execveat', dirfd: 4, path: 'prog', argv: ['p'], flags: [] }, { task }).result, 'ENOTDIR');
    });

    it('AT_EMPTY_PATH on a directory fd or a pipe is EACCES; on the cwd (AT_FDCWD) too', () => {
      const task = { fds: [{ fd: 3, target: { path: '/bin' } }, { fd: 4, target: { pipe: 'p', end: 'read' as const } }] };
      assert.equal(tryExec({ call: 'execveat', dirfd: 3, path: '', argv: ['p'], flags: ['AT_EMPTY_PATH'] }, { task }).result, 'EACCES');
      assert.equal(tryExec({ call: 'execveat', dirfd: 4, path: '', argv: ['p'], flags: ['AT_EMPTY_PATH'] }, { task }).result, 'EACCES');
      assert.equal(tryExec({ call: 'execveat', dirfd: 'AT_FDCWD', path: '', argv: ['p'], flags: ['AT_EMPTY_PATH'] }, { task }).result, 'EACCES');
    });

    it('AT_SYMLINK_NOFOLLOW on a final symlink is ELOOP; through an fd already on the target it runs', () => {
      const nodes: FsNodeSpec[] = [{ kind: 'symlink', path: '/bin/link', target: 'prog' }];
      const task = { fds: [{ fd: 3, target: { path: '/bin/link' } }] };
      assert.equal(tryExec({ call: 'execveat', dirfd: 'AT_FDCWD', path: '/bin/link', argv: ['p'], flags: ['AT_SYMLINK_NOFOLLOW'] }, { nodes }).result, 'ELOOP');
      assert.equal(tryExec({ call: 'execveat', dirfd: 3, path: '', argv: ['p'], flags: ['AT_EMPTY_PATH', 'AT_SYMLINK_NOFOLLOW'] }, { nodes, task }).result, 'ok');
    });

    it('an O_PATH fd can be executed with AT_EMPTY_PATH; one on a file without x is EACCES', () => {
      const r = runLinux({
        nodes: world([data('/bin/plain')]),
        tasks: [{ name: 'sh', pid: 100 }],
        steps: [
          { task: 'sh', call: 'open', path: '/bin/plain', flags: ['O_PATH'] },
          { task: 'sh', call: 'execveat', dirfd: 0, path: '', argv: ['p'], flags: ['AT_EMPTY_PATH'] },
          { task: 'sh', call: 'open', path: '/bin/prog', flags: ['O_PATH', 'O_CLOEXEC'] },
          { task: 'sh', call: 'execveat', dirfd: 1, path: '', argv: ['p'], flags: ['AT_EMPTY_PATH'] },
        ],
      });
      assert.deepEqual([r.result(0), r.result(1), r.result(2), r.result(3)], ['ok 0', 'EACCES', 'ok 1', 'ok']);
    });

    it('AT_EXECVE_CHECK (6.14+) runs the checks up to creds_prepare and returns 0 without executing', () => {
      const r = runLinux({
        nodes: world(),
        tasks: [{ name: 'sh', pid: 100, fds: [{ fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }],
        steps: [
          { task: 'sh', call: 'execveat', dirfd: 'AT_FDCWD', path: '/bin/prog', argv: ['p'], flags: ['AT_EXECVE_CHECK'] },
          { task: 'sh', call: 'execveat', dirfd: 'AT_FDCWD', path: '/etc/motd', argv: ['p'], flags: ['AT_EXECVE_CHECK'] },
        ],
      });
      assert.equal(r.result(0), 'ok 0');
      assert.equal(r.phases(0).at(-1), 'linux.creds_prepare');
      assert.equal(r.ponr(0), false);
      assert.equal(r.result(1), 'EACCES');
      assert.deepEqual(r.fds('sh'), ['3 /etc/motd ro cloexec']);
      assert.equal(r.task('sh').exe, null);
    });
  });
});
