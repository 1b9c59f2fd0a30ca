/**
 * Finding and checking the file to execute (FBSD sys/kern/kern_exec.c:
 * do_execve up to exec_check_permissions; sys/kern/kern_descrip.c:
 * fgetvp_exec, _fget, fget_unlocked).
 */
import type { Kernel } from '../../../engine/kernel.js';
import { descriptionOf, slotOf, taskOf } from '../../../model/fds.js';
import { basename, inodeAt, lookup, mountOf, permits, utf8Length } from '../../../model/filesystem.js';
import type { Inode, Pid } from '../../../model/state.js';
import type { ExecVnode } from './image-params.js';

/** Capability rights that allow fexecve/proc_exec: FreeBSD's name and CloudABI's (cloudabi_fd.c maps one to the other). */
export const EXEC_RIGHTS = ['CAP_FEXECVE', 'CLOUDABI_RIGHT_PROC_EXEC'] as const;

/**
 * fgetvp_exec(td, fd, &cap_fexecve_rights): the fd must exist (EBADF), hold
 * CAP_FEXECVE (cap_check: ENOTCAPABLE, in or out of capability mode), be open
 * for reading or O_EXEC and not for writing (EBADF), and be a vnode (EINVAL).
 */
export function fgetvpExec(k: Kernel, pid: Pid, fd: number): ExecVnode {
  const slot = slotOf(k.state, pid, fd);
  if (!slot) k.fail('EBADF', `fd ${fd} is not open`);
  const desc = descriptionOf(k.state, slot.desc);
  if (desc.rights && !desc.rights.some((r) => (EXEC_RIGHTS as readonly string[]).includes(r))) {
    k.fail('ENOTCAPABLE', `fd ${fd} has rights {${desc.rights.join(', ')}}, without CAP_FEXECVE`);
  }
  k.pc(6);
  if (desc.access !== 'ro' && desc.access !== 'exec') {
    k.fail('EBADF', desc.access === 'path' ? `fd ${fd} is open neither for reading nor O_EXEC` : `fd ${fd} is open for writing (${desc.access})`);
  }
  if (desc.target.kind !== 'file') k.fail('EINVAL', `fd ${fd} is a ${desc.target.kind}, which has no vnode`);
  return { ino: desc.target.ino, path: desc.target.path, lookupName: null };
}

/** namei for a native execve or an interpreter: the path walk's errors as they are. */
export function nameiExec(k: Kernel, pid: Pid, path: string): ExecVnode {
  const task = taskOf(k.state, pid);
  const res = lookup(k.state.fs, path, { base: task.cwd, root: task.root, creds: task.creds, followFinal: true });
  if (!res.ok) k.fail(res.errno, res.detail);
  return { ino: res.ino, path: res.path, lookupName: basename(path) };
}

/** va_size of a file as the scenario describes it. */
export function fileSize(inode: Inode): number {
  const c = inode.content;
  if (!c) return 0;
  switch (c.type) {
    case 'elf':
      return c.size ?? 1;
    case 'script':
      return utf8Length(c.text);
    case 'data':
      return c.size ?? utf8Length(c.text ?? '');
  }
}

/**
 * exec_check_permissions, in its order: noexec mount, no x bit at all or not
 * a regular file (EACCES); empty (ENOEXEC); VOP_ACCESS(VEXEC) (EACCES); open
 * for writing (ETXTBSY).
 */
export function execCheckPermissions(k: Kernel, pid: Pid, vp: ExecVnode): Inode {
  const inode = inodeAt(k.state.fs, vp.ino);
  const mount = mountOf(k.state.fs, inode);
  k.pc(7);
  if (mount.noexec) k.fail('EACCES', `${vp.path} is on ${mount.path}, mounted noexec`);
  if ((inode.mode & 0o111) === 0) k.fail('EACCES', `${vp.path} has no execute bit at all (mode ${inode.mode.toString(8).padStart(4, '0')})`);
  if (inode.kind !== 'file') k.fail('EACCES', `${vp.path} is a ${inode.kind === 'dir' ? 'directory' : inode.kind}, not a regular file`);
  k.pc(8);
  if (fileSize(inode) === 0) k.fail('ENOEXEC', `${vp.path} is empty`);
  k.pc(9);
  const task = taskOf(k.state, pid);
  if (!permits(inode, task.creds, { exec: true })) k.fail('EACCES', `uid ${task.creds.euid} may not execute ${vp.path} (mode ${inode.mode.toString(8).padStart(4, '0')})`);
  k.pc(10);
  if (inode.writers + inode.externalWriters > 0) k.fail('ETXTBSY', `${vp.path} is open for writing`);
  return inode;
}
