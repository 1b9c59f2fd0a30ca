/**
 * open(2) as cloudabi-run, a native FreeBSD program, uses it: O_EXEC for the
 * program and O_RDONLY for !file (FBSD sys/kern/vfs_vnops.c: vn_open_vnode
 * checks VEXEC or VREAD access). A process in capability mode cannot open by
 * path at all (namei: ECAPMODE).
 */
import type { Kernel } from '../../../engine/kernel.js';
import type { Errno } from '../../../model/errno.js';
import { taskOf } from '../../../model/fds.js';
import { lookup, permits } from '../../../model/filesystem.js';
import type { Pid } from '../../../model/state.js';
import { installFd, newDescription } from '../../../model/fds.js';
import { lowestFreeFd } from '../../common/fd-ops.js';

export type OpenResult = { readonly ok: true; readonly fd: number } | { readonly ok: false; readonly errno: Errno; readonly detail: string };

export function nativeOpen(k: Kernel, pid: Pid, path: string, mode: 'O_EXEC' | 'O_RDONLY'): OpenResult {
  const task = taskOf(k.state, pid);
  if (task.capabilityMode) return { ok: false, errno: 'ECAPMODE', detail: `open("${path}") by path in capability mode` };
  const res = lookup(k.state.fs, path, { base: task.cwd, root: task.root, creds: task.creds, followFinal: true });
  if (!res.ok) return { ok: false, errno: res.errno, detail: res.detail };
  if (res.inode.kind === 'socket') return { ok: false, errno: 'EOPNOTSUPP', detail: `${res.path} is a socket` };
  const allowed = mode === 'O_EXEC' ? permits(res.inode, task.creds, { exec: true }) : permits(res.inode, task.creds, { read: true });
  if (!allowed) return { ok: false, errno: 'EACCES', detail: `no ${mode === 'O_EXEC' ? 'execute' : 'read'} permission on ${res.path}` };
  // falloc + finstall: a new open file at the lowest free fd, in one step.
  const fd = lowestFreeFd(k, pid);
  const access = mode === 'O_EXEC' ? 'exec' : 'ro';
  const [s, desc] = newDescription(k.state, { kind: 'file', ino: res.ino, path: res.path }, access);
  k.change(installFd(s, pid, fd, desc, false), { kind: 'fd-opened', pid, fd, target: res.path, access, cloexec: false, how: 'open' });
  return { ok: true, fd };
}
