/**
 * The descriptor and process calls a Hurd scenario prepares an exec with, as
 * glibc does them: open (GLIBC sysdeps/mach/hurd/openat64.c → dir_lookup,
 * hurd/port2fd.c), close (hurd/fd-close.c), dup/dup2/dup3/fcntl
 * (sysdeps/mach/hurd/dup3.c, fcntl.c: the new descriptor shares the port,
 * one more user reference), chdir (hurd/hurdchdir.c), umask, sigaction,
 * sigprocmask (hurd/hurdsig.c keeps them in the task's memory), _exit.
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { isUncatchable, sigset, sigsetMinus, sigsetUnion } from '../../model/signals.js';
import type { Pid } from '../../model/state.js';
import { accessOfOpenFlags } from '../../scenario/actions.js';
import type { ActionContext } from '../personality.js';
import { fileNameLookup, protidAt } from './fs.js';
import { addRefs, dealloc } from './ipc.js';
import { clearFd, setFd, syncCoreView } from './glibc-state.js';
import { killProcessExit } from './task-ops.js';
import { glibcOf, spaceOfPid, updateGlibc } from './tasks.js';
import { isHurdSignal } from './signals.js';
import { INIT_PORT, type GlibcState, type HurdFd } from './state.js';

function glibc(k: Kernel, pid: Pid): GlibcState {
  const g = glibcOf(k.state, pid);
  if (!g) k.fail('ESRCH', `${taskOf(k.state, pid).name} is not running a program`);
  return g;
}

function describeFdEvent(k: Kernel, pid: Pid, fd: number, how: 'open' | 'dup' | 'dup2' | 'dup3' | 'fcntl', hfd: HurdFd): void {
  const space = spaceOfPid(k.state, pid);
  const pi = protidAt(k, space, hfd.port);
  const s = setFd(k.state, pid, fd, hfd);
  k.change(s, { kind: 'fd-opened', pid, fd, target: pi?.peropen.path ?? `port ${hfd.port}`, access: pi ? accessOfModes(pi.peropen.modes) : 'path', cloexec: hfd.cloexec, how });
}

function accessOfModes(m: { read: boolean; write: boolean; exec: boolean }) {
  return m.read && m.write ? ('rw' as const) : m.write ? ('wo' as const) : m.read ? ('ro' as const) : m.exec ? ('exec' as const) : ('path' as const);
}

export function openAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'open') throw new Error('internal');
  const { pid } = ctx;
  const g = glibc(k, pid);
  if (a.flags.includes('O_CREAT')) k.fail('EOPNOTSUPP', 'O_CREAT is not simulated on the Hurd: declare the file in the filesystem');
  if (a.flags.includes('O_PATH')) k.fail('EINVAL', 'the Hurd has no O_PATH; open with no access flags instead');
  const space = spaceOfPid(k.state, pid);
  const access = accessOfOpenFlags(a.flags);
  const flags = { read: access === 'ro' || access === 'rw', write: access === 'wo' || access === 'rw', exec: access === 'exec', directory: a.flags.includes('O_DIRECTORY'), nolink: a.flags.includes('O_NOFOLLOW') };
  let dirs = { crdir: g.ports[INIT_PORT.CRDIR]!, cwdir: g.ports[INIT_PORT.CWDIR]! };
  if (a.dirfd !== undefined && a.dirfd !== 'AT_FDCWD' && !a.path.startsWith('/')) {
    const d = g.dtable.get(a.dirfd);
    if (!d) k.fail('EBADF', `dirfd ${a.dirfd} is not open`);
    dirs = { ...dirs, cwdir: d.port };
  }
  const port = k.actor('glibc', `open ${a.path}`, pid, ctx.tid, () => fileNameLookup(k, space, dirs, a.path, flags));
  const fd = g.dtable.lowestFree(0);
  describeFdEvent(k, pid, fd, 'open', { port, ctty: 0, cloexec: a.flags.includes('O_CLOEXEC') });
  return { ok: true, value: fd };
}

export function closeAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'close') throw new Error('internal');
  const g = glibc(k, ctx.pid);
  const d = g.dtable.get(a.fd);
  if (!d) k.fail('EBADF', `fd ${a.fd} is not open`);
  closeFd(k, ctx.pid, a.fd, d, 'close');
  return { ok: true, value: 0 };
}

function closeFd(k: Kernel, pid: Pid, fd: number, d: HurdFd, reason: 'close' | 'dup2'): void {
  const space = spaceOfPid(k.state, pid);
  k.change(clearFd(k.state, pid, fd), { kind: 'fd-closed', pid, fds: [fd], reason });
  dealloc(k, space, d.port, `fd ${fd} closed`);
  if (d.ctty) dealloc(k, space, d.ctty, `fd ${fd}'s ctty port`);
}

export function dupAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  const { pid } = ctx;
  const g = glibc(k, pid);
  const space = spaceOfPid(k.state, pid);
  let oldfd: number;
  let newfd: number;
  let cloexec = false;
  let how: 'dup' | 'dup2' | 'dup3' | 'fcntl';
  switch (a.call) {
    case 'dup':
      oldfd = a.fd;
      newfd = g.dtable.lowestFree(0);
      how = 'dup';
      break;
    case 'dup2':
    case 'dup3':
      oldfd = a.oldfd;
      newfd = a.newfd;
      cloexec = a.call === 'dup3' && a.flags.includes('O_CLOEXEC');
      how = a.call;
      if (a.call === 'dup3' && oldfd === newfd) k.fail('EINVAL', 'dup3 with oldfd == newfd');
      break;
    default:
      throw new Error('internal');
  }
  const d = g.dtable.get(oldfd);
  if (!d) k.fail('EBADF', `fd ${oldfd} is not open`);
  if (oldfd === newfd) return { ok: true, value: newfd };
  const existing = g.dtable.get(newfd);
  if (existing) closeFd(k, pid, newfd, existing, 'dup2');
  addRefs(k, space, d.port, 1, `fd ${newfd} shares fd ${oldfd}'s port`);
  if (d.ctty) addRefs(k, space, d.ctty, 1, `and its ctty port`);
  describeFdEvent(k, pid, newfd, how, { port: d.port, ctty: d.ctty, cloexec });
  return { ok: true, value: newfd };
}

export function fcntlAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'fcntl') throw new Error('internal');
  const { pid } = ctx;
  const g = glibc(k, pid);
  const d = g.dtable.get(a.fd);
  if (!d) k.fail('EBADF', `fd ${a.fd} is not open`);
  switch (a.cmd) {
    case 'F_GETFD':
      return { ok: true, value: d.cloexec ? 1 : 0 };
    case 'F_SETFD': {
      const cloexec = ((a.arg ?? 0) & 1) === 1;
      k.change(setFd(k.state, pid, a.fd, { ...d, cloexec }), { kind: 'fd-changed', pid, fd: a.fd, cloexec });
      return { ok: true, value: 0 };
    }
    case 'F_DUPFD':
    case 'F_DUPFD_CLOEXEC': {
      const newfd = g.dtable.lowestFree(a.arg ?? 0);
      const space = spaceOfPid(k.state, pid);
      addRefs(k, space, d.port, 1, `fd ${newfd} shares fd ${a.fd}'s port`);
      if (d.ctty) addRefs(k, space, d.ctty, 1, 'and its ctty port');
      describeFdEvent(k, pid, newfd, 'fcntl', { port: d.port, ctty: d.ctty, cloexec: a.cmd === 'F_DUPFD_CLOEXEC' });
      return { ok: true, value: newfd };
    }
  }
}

export function chdirAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'chdir') throw new Error('internal');
  const { pid } = ctx;
  const g = glibc(k, pid);
  const space = spaceOfPid(k.state, pid);
  const name = a.path.endsWith('/') ? a.path : `${a.path}/`;
  const port = k.actor('glibc', `chdir ${a.path}`, pid, ctx.tid, () => fileNameLookup(k, space, { crdir: g.ports[INIT_PORT.CRDIR]!, cwdir: g.ports[INIT_PORT.CWDIR]! }, name, { read: false, write: false, exec: false }));
  const old = g.ports[INIT_PORT.CWDIR]!;
  let s = updateGlibc(k.state, pid, (x) => ({ ...x, ports: x.ports.map((n, i) => (i === INIT_PORT.CWDIR ? port : n)) }));
  s = syncCoreView(s, pid);
  k.change(s, { kind: 'task-changed', pid, field: 'cwd', from: taskOf(k.state, pid).cwd, to: taskOf(s, pid).cwd });
  dealloc(k, space, old, 'the old CWDIR port');
  return { ok: true, value: 0 };
}

export function umaskAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'umask') throw new Error('internal');
  const t = taskOf(k.state, ctx.pid);
  const mask = a.mask & 0o777;
  k.change({ ...k.state, tasks: k.state.tasks.set(ctx.pid, { ...t, umask: mask }) }, { kind: 'task-changed', pid: ctx.pid, field: 'umask', from: t.umask.toString(8).padStart(3, '0'), to: mask.toString(8).padStart(3, '0') });
  return { ok: true, value: t.umask };
}

export function sigactionAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'sigaction') throw new Error('internal');
  if (!isHurdSignal(a.signal)) k.fail('EINVAL', `${a.signal} does not exist on the Hurd`);
  if (isUncatchable(a.signal)) k.fail('EINVAL', `${a.signal} cannot be caught or ignored`);
  const t = taskOf(k.state, ctx.pid);
  const dispositions = { ...t.signals.dispositions };
  if (a.disposition === 'default') delete dispositions[a.signal];
  else dispositions[a.signal] = a.disposition;
  k.change({ ...k.state, tasks: k.state.tasks.set(ctx.pid, { ...t, signals: { ...t.signals, dispositions } }) }, {
    kind: 'signal-changed',
    pid: ctx.pid,
    what: 'disposition',
    detail: `${a.signal} → ${a.disposition === 'ignore' ? 'SIG_IGN' : a.disposition === 'default' ? 'SIG_DFL' : 'handler'}`,
  });
  return { ok: true, value: 0 };
}

export function sigprocmaskAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'sigprocmask') throw new Error('internal');
  const bad = a.signals.find((s) => !isHurdSignal(s));
  if (bad) k.fail('EINVAL', `${bad} does not exist on the Hurd`);
  const t = taskOf(k.state, ctx.pid);
  const thread = t.threads.find((x) => x.tid === ctx.tid)!;
  const set = sigset(a.signals.filter((s) => !isUncatchable(s)));
  const blocked = a.how === 'SIG_BLOCK' ? sigsetUnion(thread.blocked, set) : a.how === 'SIG_UNBLOCK' ? sigsetMinus(thread.blocked, set) : set;
  k.change({ ...k.state, tasks: k.state.tasks.set(ctx.pid, { ...t, threads: t.threads.map((x) => (x.tid === ctx.tid ? { ...x, blocked } : x)) }) }, {
    kind: 'signal-changed',
    pid: ctx.pid,
    what: 'blocked',
    detail: `thread ${ctx.tid} blocks ${blocked.join(' ') || 'nothing'}`,
  });
  return { ok: true, value: 0 };
}

export function exitAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'exit') throw new Error('internal');
  killProcessExit(k, ctx.pid, a.status & 0xff);
  return { ok: true, value: a.status & 0xff };
}
