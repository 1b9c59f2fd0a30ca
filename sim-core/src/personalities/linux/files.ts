/**
 * open, close, dup, dup2, dup3, fcntl, pipe, chdir, umask (LINUX fs/open.c,
 * fs/file.c, fs/fcntl.c, fs/pipe.c). Close-on-exec belongs to the fd slot:
 * dup/dup2 give a new slot without it, dup3/F_DUPFD_CLOEXEC/O_CLOEXEC set it.
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { descriptionOf, slotOf, taskOf } from '../../model/fds.js';
import { withState, withTask } from '../../model/copy.js';
import { basename, createFile, dirname, inodeAt, joinPath, lookup, normalizePath, permits } from '../../model/filesystem.js';
import type { DescTarget } from '../../model/state.js';
import { accessOfOpenFlags } from '../../scenario/actions.js';
import type { ActionContext } from '../personality.js';
import { okValue } from '../common/outcomes.js';
import { closeOne, installDescription, lowestFreeFd, openNew, setCloexecFlag } from '../common/fd-ops.js';
import { updateTask } from '../common/process-ops.js';
import { NR_OPEN } from '../../scenario/validate.js';

const NO_FLAGS: readonly string[] = [];

/**
 * EBADF for a call on an fd (or dirfd) that is not open, returned rather than thrown:
 * a program closing what is closed already is common, and a throw costs a
 * few microseconds. The same outcome and events as the thrown error (the
 * call has entered no phase).
 */
function notOpen(fd: number): Outcome {
  return { ok: false, errno: 'EBADF', detail: `fd ${fd} is not open` };
}

export function openAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'open') throw new Error('internal');
  const { pid } = ctx;
  const task = taskOf(k.state, pid);
  if (a.flags.includes('O_EXEC')) k.fail('EINVAL', 'Linux has no O_EXEC (it is a Hurd and FreeBSD flag); use O_PATH');
  const access = accessOfOpenFlags(a.flags);
  let base = task.cwd;
  if (a.dirfd !== undefined && a.dirfd !== 'AT_FDCWD' && !a.path.startsWith('/')) {
    const dir = slotOf(k.state, pid, a.dirfd);
    if (!dir) return notOpen(a.dirfd);
    const d = descriptionOf(k.state, dir.desc);
    if (d.target.kind !== 'file' || inodeAt(k.state.fs, d.target.ino).kind !== 'dir') k.fail('ENOTDIR', `dirfd ${a.dirfd} is not a directory`);
    base = d.target.path;
  }
  const opts = { base, root: task.root, creds: task.creds, followFinal: !a.flags.includes('O_NOFOLLOW') };
  let res = lookup(k.state.fs, a.path, opts);
  if (!res.ok && res.errno === 'ENOENT' && a.flags.includes('O_CREAT')) {
    const full = normalizePath(joinPath(base, a.path));
    const parent = lookup(k.state.fs, dirname(full), { ...opts, followFinal: true });
    if (!parent.ok) k.fail(parent.errno, parent.detail);
    if (parent.inode.kind !== 'dir') k.fail('ENOTDIR', `${parent.path} is not a directory`);
    if (!permits(parent.inode, task.creds, { write: true, exec: true })) k.fail('EACCES', `no write permission on ${parent.path}`);
    const ino = k.state.next.ino;
    const mode = (a.mode ?? 0o666) & ~task.umask & 0o7777;
    const fs = createFile(k.state.fs, parent.ino, basename(full), mode, task.creds.fsuid, task.creds.fsgid, ino);
    k.change(withState(k.state, { fs, next: { ...k.state.next, ino: ino + 1 } }), { kind: 'note', text: `created ${full} (mode ${mode.toString(8).padStart(4, '0')})` });
    res = lookup(k.state.fs, full, opts);
  }
  if (!res.ok) k.fail(res.errno, res.detail);
  const inode = res.inode;
  if (inode.kind === 'symlink') k.fail('ELOOP', `${res.path} is a symbolic link and O_NOFOLLOW was given`);
  if (a.flags.includes('O_DIRECTORY') && inode.kind !== 'dir') k.fail('ENOTDIR', `${res.path} is not a directory`);
  if (access !== 'path') {
    if (inode.kind === 'dir' && (access === 'wo' || access === 'rw')) k.fail('EISDIR', `${res.path} is a directory`);
    const read = access === 'ro' || access === 'rw';
    const write = access === 'wo' || access === 'rw';
    if (!permits(inode, task.creds, { read, write })) k.fail('EACCES', `no ${[read && 'read', write && 'write'].filter(Boolean).join('/')} permission on ${res.path}`);
  }
  const fd = lowestFreeFd(k, pid);
  if (fd >= NR_OPEN) k.fail('EMFILE', 'no free fd');
  const target: DescTarget = { kind: 'file', ino: inode.ino, path: res.path };
  // Kept in the description for its whole life: the common open with neither flag shares one empty list.
  const statusFlags = a.flags.includes('O_APPEND') || a.flags.includes('O_NONBLOCK') ? a.flags.filter((f) => f === 'O_APPEND' || f === 'O_NONBLOCK') : NO_FLAGS;
  openNew(k, pid, fd, target, access, a.flags.includes('O_CLOEXEC'), 'open', statusFlags);
  return okValue(fd);
}

export function closeAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'close') throw new Error('internal');
  if (!slotOf(k.state, ctx.pid, a.fd)) return notOpen(a.fd);
  closeOne(k, ctx.pid, a.fd, 'close');
  return okValue(0);
}

export function dupAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  const { pid } = ctx;
  switch (a.call) {
    case 'dup': {
      const slot = slotOf(k.state, pid, a.fd);
      if (!slot) return notOpen(a.fd);
      const fd = lowestFreeFd(k, pid);
      installDescription(k, pid, fd, slot.desc, false, 'dup');
      return okValue(fd);
    }
    case 'dup2': {
      const slot = slotOf(k.state, pid, a.oldfd);
      if (!slot) return notOpen(a.oldfd);
      // dup2(fd, fd) does nothing, not even clear close-on-exec (fs/file.c: ksys_dup3 via dup2).
      if (a.oldfd === a.newfd) return okValue(a.newfd);
      if (a.newfd >= NR_OPEN) k.fail('EBADF', `fd ${a.newfd} is over the limit`);
      installDescription(k, pid, a.newfd, slot.desc, false, 'dup2');
      return okValue(a.newfd);
    }
    case 'dup3': {
      if (a.oldfd === a.newfd) k.fail('EINVAL', 'dup3 with oldfd == newfd');
      const slot = slotOf(k.state, pid, a.oldfd);
      if (!slot) return notOpen(a.oldfd);
      installDescription(k, pid, a.newfd, slot.desc, a.flags.includes('O_CLOEXEC'), 'dup3');
      return okValue(a.newfd);
    }
    default:
      throw new Error('internal');
  }
}

export function fcntlAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'fcntl') throw new Error('internal');
  const { pid } = ctx;
  const slot = slotOf(k.state, pid, a.fd);
  if (!slot) return notOpen(a.fd);
  switch (a.cmd) {
    case 'F_GETFD':
      return okValue(slot.cloexec ? 1 : 0);
    case 'F_SETFD':
      setCloexecFlag(k, pid, a.fd, ((a.arg ?? 0) & 1) === 1);
      return okValue(0);
    case 'F_DUPFD':
    case 'F_DUPFD_CLOEXEC': {
      const from = a.arg ?? 0;
      if (from < 0 || from >= NR_OPEN) k.fail('EINVAL', `F_DUPFD from ${from} is out of range`);
      const fd = lowestFreeFd(k, pid, from);
      installDescription(k, pid, fd, slot.desc, a.cmd === 'F_DUPFD_CLOEXEC', 'fcntl');
      return okValue(fd);
    }
  }
}

export function pipeAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'pipe') throw new Error('internal');
  const cloexec = a.flags.includes('O_CLOEXEC');
  const r = lowestFreeFd(k, ctx.pid);
  openNew(k, ctx.pid, r, { kind: 'pipe', name: a.name, end: 'read' }, 'ro', cloexec, 'pipe');
  const w = lowestFreeFd(k, ctx.pid);
  openNew(k, ctx.pid, w, { kind: 'pipe', name: a.name, end: 'write' }, 'wo', cloexec, 'pipe');
  return { ok: true, value: r, detail: `read end ${r}, write end ${w}` };
}

export function chdirAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'chdir') throw new Error('internal');
  const task = taskOf(k.state, ctx.pid);
  const res = lookup(k.state.fs, a.path, { base: task.cwd, root: task.root, creds: task.creds, followFinal: true });
  if (!res.ok) k.fail(res.errno, res.detail);
  if (res.inode.kind !== 'dir') k.fail('ENOTDIR', `${res.path} is not a directory`);
  if (!permits(res.inode, task.creds, { exec: true })) k.fail('EACCES', `no search permission on ${res.path}`);
  k.change(updateTask(k.state, ctx.pid, (t) => withTask(t, { cwd: res.path })), { kind: 'task-changed', pid: ctx.pid, field: 'cwd', from: task.cwd, to: res.path });
  return okValue(0);
}

export function umaskAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'umask') throw new Error('internal');
  const task = taskOf(k.state, ctx.pid);
  const mask = a.mask & 0o777;
  k.change(updateTask(k.state, ctx.pid, (t) => withTask(t, { umask: mask })), {
    kind: 'task-changed',
    pid: ctx.pid,
    field: 'umask',
    from: task.umask.toString(8).padStart(3, '0'),
    to: mask.toString(8).padStart(3, '0'),
  });
  return okValue(task.umask);
}
