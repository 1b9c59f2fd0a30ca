/**
 * fd table operations that record their events, shared by the personalities
 * (the pure state transitions are in model/fds.ts).
 */
import type { Kernel } from '../../engine/kernel.js';
import type { FdCloseReason } from '../../engine/events.js';
import {
  closeFd,
  closeOnExec,
  descriptionOf,
  fdTableOf,
  installFd,
  newDescription,
  setCloexec,
  slotOf,
  targetName,
} from '../../model/fds.js';
import type { DescId, DescTarget, Fd, Pid } from '../../model/state.js';
import type { Access } from '../../scenario/scenario.js';

/** Status flags of a description that has none: one list shared by all of them (records are never changed). */
const NO_FLAGS: readonly string[] = [];

type OpenHow = Extract<Parameters<Kernel['emit']>[0], { kind: 'fd-opened' }>['how'];

/** Installs an existing description at `fd` (closing what was there first, as dup2 does). */
export function installDescription(k: Kernel, pid: Pid, fd: Fd, desc: DescId, cloexec: boolean, how: OpenHow): void {
  const old = slotOf(k.state, pid, fd);
  if (old) k.change(closeFd(k.state, pid, fd), { kind: 'fd-closed', pid, fds: [fd], reason: 'dup2' });
  const d = descriptionOf(k.state, desc);
  k.change(installFd(k.state, pid, fd, desc, cloexec), {
    kind: 'fd-opened',
    pid,
    fd,
    target: targetName(d.target),
    access: d.access,
    cloexec,
    how,
  });
}

/**
 * Creates a description and installs it at `fd`, in one state change: a
 * description never exists without a slot pointing at it.
 */
export function openNew(
  k: Kernel,
  pid: Pid,
  fd: Fd,
  target: DescTarget,
  access: Access,
  cloexec: boolean,
  how: OpenHow,
  statusFlags: readonly string[] = NO_FLAGS,
  note?: string,
): DescId {
  // A description exists only with a slot pointing at it: create and install in one step.
  const replaced = slotOf(k.state, pid, fd) !== undefined;
  const [s, desc] = newDescription(k.state, target, access, statusFlags);
  if (note) k.emit({ kind: 'note', text: note });
  k.change(installFd(s, pid, fd, desc, cloexec), { kind: 'fd-opened', pid, fd, target: targetName(target), access, cloexec, how });
  if (replaced) k.emit({ kind: 'note', text: `the description previously at fd ${fd} lost that slot` });
  return desc;
}

export function closeOne(k: Kernel, pid: Pid, fd: Fd, reason: FdCloseReason): void {
  k.change(closeFd(k.state, pid, fd), { kind: 'fd-closed', pid, fds: [fd], reason });
}

export function setCloexecFlag(k: Kernel, pid: Pid, fd: Fd, cloexec: boolean): void {
  k.change(setCloexec(k.state, pid, fd, cloexec), { kind: 'fd-changed', pid, fd, cloexec });
}

/** Closes every close-on-exec slot in one event; returns the fds closed. */
export function closeAllOnExec(k: Kernel, pid: Pid): Fd[] {
  const [s, closed] = closeOnExec(k.state, pid);
  if (closed.length) k.change(s, { kind: 'fd-closed', pid, fds: closed, reason: 'close-on-exec' });
  return closed;
}

export function lowestFreeFd(k: Kernel, pid: Pid, from = 0): Fd {
  return fdTableOf(k.state, pid).slots.lowestFree(from);
}
