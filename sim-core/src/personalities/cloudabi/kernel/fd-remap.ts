/**
 * The fd*_remapped functions added for CloudABI (FBSD sys/kern/kern_descrip.c,
 * review D3079 = SEEDS 001): build the new program's table from the fds array,
 * free it if the exec fails, or install it and close the whole old table.
 */
import type { Kernel } from '../../../engine/kernel.js';
import { IntMap } from '../../../persistent/int-map.js';
import { descriptionOf, fdTableOf, putFdTable, releaseMany, retainMany, targetName, taskOf } from '../../../model/fds.js';
import type { DescId, FdSlot, FilesId, KernelState, Pid } from '../../../model/state.js';
import { closeAllOnExec } from '../../common/fd-ops.js';
import { updateTask } from '../../common/process-ops.js';
import { updateLastMessage } from '../state.js';

/** fd_lastfile: the highest fd in use, -1 for an empty table. */
export function fdLastfile(state: KernelState, pid: Pid): number {
  return fdTableOf(state, pid).slots.maxKey();
}

/**
 * fdcopy_remapped: slot i of a new table gets a copy of the caller's entry
 * fds[i] (reference taken, rights and flags copied verbatim: a close-on-exec
 * entry stays marked but is passed). The table is kept with no user until
 * fdinstall_remapped; errors free it first (fdescfree_remapped).
 */
export function fdcopyRemapped(k: Kernel, pid: Pid, fds: readonly number[]): FilesId {
  const old = fdTableOf(k.state, pid);
  const last = old.slots.maxKey();
  const id = k.state.next.files;
  let s: KernelState = {
    ...k.state,
    fdTables: k.state.fdTables.set(id, { id, slots: IntMap.empty<FdSlot>(), users: 0 }),
    next: { ...k.state.next, files: id + 1 },
  };
  s = updateLastMessage(s, (m) => ({ ...m, newTable: id }));
  const task = taskOf(k.state, pid);
  k.change(s, {
    kind: 'note',
    text: `fdinit: new fd table #${id}; cwd ${task.cwd}, root ${task.root} and umask ${task.umask.toString(8).padStart(3, '0')} carry over`,
  });
  k.pc(2);
  const refuse = (errno: 'E2BIG' | 'EBADF' | 'EINVAL', detail: string): never => {
    fdescfreeRemapped(k, pid, id);
    k.fail(errno, detail);
  };
  if (fds.length > last + 1) refuse('E2BIG', `the new table would be larger than the old one (${fds.length} > fd_lastfile ${last} + 1)`);
  for (let i = 0; i < fds.length; i++) {
    const fd = fds[i]!;
    k.pc(4);
    if (fd < 0 || fd > last) refuse('EBADF', `fds[${i}] = ${fd} is out of bounds (fd_lastfile is ${last})`);
    k.pc(5);
    const slot = old.slots.get(fd);
    if (!slot) refuse('EBADF', `fds[${i}] = ${fd} is not an open fd`);
    k.pc(6);
    const desc = descriptionOf(k.state, slot!.desc);
    if (desc.target.kind === 'kqueue') refuse('EINVAL', `fds[${i}] = ${fd} is a kqueue, which cannot be passed (no DFLAG_PASSABLE)`);
    k.pc(7);
    const table = k.state.fdTables.get(id)!;
    let next = retainMany(k.state, [slot!.desc]);
    next = { ...next, fdTables: next.fdTables.set(id, { ...table, slots: table.slots.set(i, { desc: slot!.desc, cloexec: slot!.cloexec }) }) };
    k.change(next, { kind: 'fd-remapped', pid, slot: i, from: fd, target: targetName(desc.target), cloexec: slot!.cloexec });
  }
  k.pc(9);
  return id;
}

/** fdescfree_remapped: drops the references of a table that was never installed; nothing is closed. */
export function fdescfreeRemapped(k: Kernel, pid: Pid, id: FilesId): void {
  const table = k.state.fdTables.get(id);
  if (!table) return;
  const ids: DescId[] = [];
  table.slots.forEach((slot) => void ids.push(slot.desc));
  let s = releaseMany({ ...k.state, fdTables: k.state.fdTables.delete(id) }, ids);
  s = updateLastMessage(s, (m) => {
    const { newTable: _dropped, ...rest } = m;
    return rest;
  });
  k.change(s, { kind: 'remapped-table-freed', pid, count: ids.length });
}

/**
 * fdinstall_remapped: fdescfree closes every descriptor of the old table
 * (closef: POSIX locks released), then the remapped table becomes the
 * process's.
 */
export function fdinstallRemapped(k: Kernel, pid: Pid, id: FilesId): void {
  const task = taskOf(k.state, pid);
  const old = fdTableOf(k.state, pid);
  const shared = old.users > 1;
  const closed = old.slots.keys();
  k.pc(3);
  let s = putFdTable(k.state, task.files);
  const table = s.fdTables.get(id)!;
  s = { ...s, fdTables: s.fdTables.set(id, { ...table, users: 1 }) };
  s = updateTask(s, pid, (t) => ({ ...t, files: id }));
  s = updateLastMessage(s, (m) => {
    const { newTable: _installed, ...rest } = m;
    return rest;
  });
  if (closed.length && !shared) k.change(s, { kind: 'fd-closed', pid, fds: closed, reason: 'exec-remap' });
  else k.change(s, { kind: 'note', text: shared ? 'the old table is shared: fdescfree only drops this process\'s reference' : 'the old table was empty' });
  k.pc(4);
  k.emit({ kind: 'fd-table-replaced', pid, how: 'exec-remap', count: table.slots.size });
}

/** A native execve keeps the table: fdunshare, then fdcloseexec closes the close-on-exec entries. */
export function fdunshareAndCloseexec(k: Kernel, pid: Pid): void {
  const task = taskOf(k.state, pid);
  const table = fdTableOf(k.state, pid);
  k.pc(6);
  if (table.users > 1) {
    const ids: DescId[] = [];
    table.slots.forEach((slot) => void ids.push(slot.desc));
    const id = k.state.next.files;
    let s = retainMany(k.state, ids);
    s = {
      ...s,
      fdTables: s.fdTables.set(id, { id, slots: table.slots, users: 1 }).set(table.id, { ...table, users: table.users - 1 }),
      next: { ...s.next, files: id + 1 },
    };
    k.change(updateTask(s, pid, (t) => ({ ...t, files: id })), { kind: 'fd-table-replaced', pid, how: 'unshare', count: table.slots.size });
  }
  closeAllOnExec(k, task.pid);
}
