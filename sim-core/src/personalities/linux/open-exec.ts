/**
 * do_open_execat (LINUX fs/exec.c): the name walk and the checks that decide
 * whether a file may be executed, in the kernel's order: the flags, the walk
 * (fs/namei.c: path_init for the dirfd, link_path_walk), may_open's file type
 * and noexec checks, inode_permission(MAY_EXEC) (generic_permission), then
 * deny_write_access.
 */
import type { Kernel } from '../../engine/kernel.js';
import { descriptionOf, slotOf, targetName, taskOf } from '../../model/fds.js';
import { basename, inodeAt, isAbsolute, lookup, mountOf, permits } from '../../model/filesystem.js';
import type { Inode, Pid } from '../../model/state.js';
import type { ExecveatFlag } from '../../scenario/actions.js';
import type { ExecFile } from './bprm.js';
import { hasExecveCheck } from './version.js';

/** The open file a dirfd names (path_init: fdget, else EBADF). */
function dirfdFile(k: Kernel, pid: Pid, dirfd: number): { path: string; inode: Inode | null; kind: string } {
  const slot = slotOf(k.state, pid, dirfd);
  if (!slot) k.fail('EBADF', `dirfd ${dirfd} is not an open fd`);
  const d = descriptionOf(k.state, slot.desc);
  if (d.target.kind !== 'file') return { path: targetName(d.target), inode: null, kind: d.target.kind };
  return { path: d.target.path, inode: inodeAt(k.state.fs, d.target.ino), kind: 'file' };
}

/** The flags execveat accepts; anything else is EINVAL. */
function checkFlags(k: Kernel, flags: readonly ExecveatFlag[]): void {
  const allowed: ExecveatFlag[] = ['AT_SYMLINK_NOFOLLOW', 'AT_EMPTY_PATH'];
  if (hasExecveCheck(k.state.machine.kernelVersion)) allowed.push('AT_EXECVE_CHECK');
  const bad = flags.filter((f) => !allowed.includes(f));
  if (bad.length) {
    k.fail('EINVAL', `execveat flag ${bad.join('|')} is not accepted (only ${allowed.join(', ')})${bad.includes('AT_EXE_FILE') ? '; AT_EXE_FILE was proposed in 2020 but never merged' : ''}`);
  }
}

const MAY_EXEC = { exec: true } as const;

export function openExec(
  k: Kernel,
  pid: Pid,
  dirfd: number | 'AT_FDCWD',
  name: string,
  flags: readonly ExecveatFlag[],
): ExecFile {
  if (flags.length) checkFlags(k, flags);
  const task = taskOf(k.state, pid);
  k.pc(3);
  let path: string;
  let inode: Inode;
  if (name === '' && flags.includes('AT_EMPTY_PATH')) {
    // LOOKUP_EMPTY: the file is the one dirfd is open on (the cwd for AT_FDCWD).
    if (dirfd === 'AT_FDCWD') {
      const res = lookup(k.state.fs, task.cwd, { base: '/', root: task.root, creds: task.creds, followFinal: true });
      if (!res.ok) k.fail(res.errno, res.detail);
      path = res.path;
      inode = res.inode;
    } else {
      const f = dirfdFile(k, pid, dirfd);
      k.pc(4);
      // A pipe or socket inode: may_open refuses anything but a regular file for MAY_EXEC.
      if (!f.inode) k.fail('EACCES', `fd ${dirfd} is a ${f.kind}, not a regular file`);
      path = f.path;
      inode = f.inode;
    }
  } else {
    let base = task.cwd;
    if (!isAbsolute(name) && dirfd !== 'AT_FDCWD') {
      const f = dirfdFile(k, pid, dirfd);
      if (!f.inode || f.inode.kind !== 'dir') k.fail('ENOTDIR', `dirfd ${dirfd} (${f.path}) is not a directory`);
      base = f.path;
    }
    const res = lookup(k.state.fs, name, {
      base,
      root: task.root,
      creds: task.creds,
      followFinal: !flags.includes('AT_SYMLINK_NOFOLLOW'),
    });
    if (!res.ok) k.fail(res.errno, res.detail);
    path = res.path;
    inode = res.inode;
  }
  k.pc(4);
  // may_open: the file type first, then (regular files) the noexec mount, then the permission bits.
  if (inode.kind === 'symlink') k.fail('ELOOP', `${path} is a symbolic link and AT_SYMLINK_NOFOLLOW was given`);
  if (inode.kind !== 'file') k.fail('EACCES', `${path} is a ${inode.kind === 'dir' ? 'directory' : inode.kind}, not a regular file`);
  k.pc(5);
  const mount = mountOf(k.state.fs, inode);
  if (mount.noexec) k.fail('EACCES', `${path} is on ${mount.path}, mounted noexec`);
  k.pc(6);
  if (!permits(inode, task.creds, MAY_EXEC)) {
    k.fail('EACCES', task.creds.fsuid === 0 ? `${path} has no execute bit at all (mode ${inode.mode.toString(8)}); even root needs one` : `no execute permission on ${path} for uid ${task.creds.fsuid} (mode ${inode.mode.toString(8)})`);
  }
  k.pc(7);
  if (inode.writers + inode.externalWriters > 0) k.fail('ETXTBSY', `${path} is open for writing`);
  return { ino: inode.ino, path, dentry: basename(path) };
}
