/**
 * fd tables and open file descriptions as pure state transitions.
 * A slot holds a description and its own close-on-exec bit (include/linux/fdtable.h:
 * close_on_exec bitmap next to the fd array); a description counts the slots that
 * point at it and is freed with the last one (fs/file.c, fs/file_table.c: fput).
 */
import { IntMap } from '../persistent/int-map.js';
import type { Access } from '../scenario/scenario.js';
import type { DescId, DescTarget, Fd, FdSlot, FdTable, FilesId, FsState, KernelState, OpenFileDescription, Pid, Task } from './state.js';
import { inodeAt, withInode } from './filesystem.js';
import { withState } from './copy.js';

export function taskOf(state: KernelState, pid: Pid): Task {
  const task = state.tasks.get(pid);
  if (!task) throw new Error(`internal: no task with pid ${pid}`);
  return task;
}

export function fdTableOf(state: KernelState, pid: Pid): FdTable {
  const table = state.fdTables.get(taskOf(state, pid).files);
  if (!table) throw new Error(`internal: no fd table for pid ${pid}`);
  return table;
}

export function slotOf(state: KernelState, pid: Pid, fd: Fd): FdSlot | undefined {
  return fdTableOf(state, pid).slots.get(fd);
}

export function descriptionOf(state: KernelState, id: DescId): OpenFileDescription {
  const d = state.descriptions.get(id);
  if (!d) throw new Error(`internal: no open file description ${id}`);
  return d;
}

function writes(access: Access): boolean {
  return access === 'wo' || access === 'rw';
}

/** A description with another reference count (written out: see model/copy.ts). */
function withRefs(d: OpenFileDescription, refs: number): OpenFileDescription {
  return d.rights !== undefined
    ? { id: d.id, target: d.target, access: d.access, statusFlags: d.statusFlags, offset: d.offset, refs, rights: d.rights }
    : { id: d.id, target: d.target, access: d.access, statusFlags: d.statusFlags, offset: d.offset, refs };
}

function withTableSlots(table: FdTable, slots: IntMap<FdSlot>): FdTable {
  return { id: table.id, slots, users: table.users };
}

function withTableUsers(table: FdTable, users: number): FdTable {
  return { id: table.id, slots: table.slots, users };
}

/** A new description with no slots yet; install it with {@link installFd}. */
export function newDescription(
  state: KernelState,
  target: DescTarget,
  access: Access,
  statusFlags: readonly string[] = [],
  rights?: readonly string[],
): [KernelState, DescId] {
  const id = state.next.desc;
  const desc: OpenFileDescription = rights ? { id, target, access, statusFlags, offset: 0, refs: 0, rights } : { id, target, access, statusFlags, offset: 0, refs: 0 };
  let fs = state.fs;
  if (target.kind === 'file' && writes(access)) {
    const inode = inodeAt(fs, target.ino);
    fs = withInode(fs, { ...inode, writers: inode.writers + 1 });
  }
  return [
    withState(state, { fs, descriptions: state.descriptions.set(id, desc), next: { pid: state.next.pid, desc: id + 1, files: state.next.files, mm: state.next.mm, ino: state.next.ino } }),
    id,
  ];
}

/**
 * The descriptions and the filesystem after one reference to `id` is dropped:
 * the last one frees the description and, if it was open for writing, its
 * inode's writer count (fs/file_table.c: __fput, put_write_access).
 */
function dropRef(descriptions: IntMap<OpenFileDescription>, fs: FsState, id: DescId): [IntMap<OpenFileDescription>, FsState] {
  const d = descriptions.get(id);
  if (!d) throw new Error(`internal: no open file description ${id}`);
  if (d.refs > 1) return [descriptions.set(id, withRefs(d, d.refs - 1)), fs];
  if (d.target.kind === 'file' && writes(d.access)) {
    const inode = inodeAt(fs, d.target.ino);
    fs = withInode(fs, { ...inode, writers: inode.writers - 1 });
  }
  return [descriptions.delete(id), fs];
}

function withSlots(state: KernelState, table: FdTable, slots: IntMap<FdSlot>): KernelState {
  return withState(state, { fdTables: state.fdTables.set(table.id, withTableSlots(table, slots)) });
}

/** Puts a description in a slot (closing what was there, as dup2 does); one new state. */
export function installFd(state: KernelState, pid: Pid, fd: Fd, desc: DescId, cloexec: boolean): KernelState {
  const table = fdTableOf(state, pid);
  const old = table.slots.get(fd);
  const d = descriptionOf(state, desc);
  let descriptions = state.descriptions.set(desc, withRefs(d, d.refs + 1));
  let fs = state.fs;
  if (old) [descriptions, fs] = dropRef(descriptions, fs, old.desc);
  return withState(state, { fs, descriptions, fdTables: state.fdTables.set(table.id, withTableSlots(table, table.slots.set(fd, { desc, cloexec }))) });
}

export function closeFd(state: KernelState, pid: Pid, fd: Fd): KernelState {
  const table = fdTableOf(state, pid);
  const slot = table.slots.get(fd);
  if (!slot) return state;
  const [descriptions, fs] = dropRef(state.descriptions, state.fs, slot.desc);
  return withState(state, { fs, descriptions, fdTables: state.fdTables.set(table.id, withTableSlots(table, table.slots.delete(fd))) });
}

export function setCloexec(state: KernelState, pid: Pid, fd: Fd, cloexec: boolean): KernelState {
  const table = fdTableOf(state, pid);
  const slot = table.slots.get(fd);
  if (!slot || slot.cloexec === cloexec) return state;
  return withSlots(state, table, table.slots.set(fd, { desc: slot.desc, cloexec }));
}

/**
 * Closes every slot with close-on-exec set in one pass over the table
 * (fs/file.c: do_close_on_exec walks the close_on_exec bitmap word by word).
 * Returns the fds closed, in increasing order.
 */
export function closeOnExec(state: KernelState, pid: Pid): [KernelState, Fd[]] {
  const table = fdTableOf(state, pid);
  // Preallocated at the first close-on-exec slot (growing arrays of 500k
  // entries by push is several times slower; most execs close nothing and
  // allocate nothing); the descriptions to release go to a typed array,
  // outside the heap.
  const size = table.slots.size;
  let closed: Fd[] | undefined;
  let released: Int32Array | undefined;
  let n = 0;
  const slots = table.slots.filter((slot, fd) => {
    if (!slot.cloexec) return true;
    closed ??= new Array<Fd>(size);
    released ??= new Int32Array(size);
    closed[n] = fd;
    released[n++] = slot.desc;
    return false;
  });
  if (n === 0 || !closed || !released) return [state, []];
  closed.length = n;
  return [releaseMany(withSlots(state, table, slots), released.subarray(0, n)), closed];
}

/**
 * The distinct ids, ascending, each with the number of times it occurs (null:
 * once each). Ids collected from a table walk are usually ascending and
 * distinct already; otherwise they are sorted as a typed array (an exec can
 * close 500k fds at once).
 */
function countIds(ids: ArrayLike<DescId>): { keys: ArrayLike<DescId>; counts: number[] | null } {
  let ascending = true;
  for (let j = 1; j < ids.length; j++) {
    if (ids[j]! <= ids[j - 1]!) {
      ascending = false;
      break;
    }
  }
  if (ascending) return { keys: ids, counts: null };
  const sorted = Int32Array.from(ids).sort();
  const keys: DescId[] = [];
  const counts: number[] = [];
  for (let j = 0; j < sorted.length; j++) {
    const id = sorted[j]!;
    if (j > 0 && id === sorted[j - 1]) counts[counts.length - 1]!++;
    else {
      keys.push(id);
      counts.push(1);
    }
  }
  return { keys, counts };
}

/** Drops one reference for each id (ids may repeat), freeing descriptions that reach zero. */
export function releaseMany(state: KernelState, ids: ArrayLike<DescId>): KernelState {
  if (ids.length === 0) return state;
  const { keys, counts } = countIds(ids);
  // Inodes that lose a writer (deny_write_access bookkeeping), by inode.
  let lostWriters: Map<number, number> | undefined;
  let j = 0;
  const descriptions = state.descriptions.updateMany(keys, (d, id) => {
    const n = counts ? counts[j++]! : 1;
    if (!d) throw new Error(`internal: no open file description ${id}`);
    if (d.refs > n) return withRefs(d, d.refs - n);
    if (d.target.kind === 'file' && writes(d.access)) {
      lostWriters ??= new Map();
      lostWriters.set(d.target.ino, (lostWriters.get(d.target.ino) ?? 0) + 1);
    }
    return undefined;
  });
  let fs = state.fs;
  for (const [ino, n] of lostWriters ?? []) {
    const inode = inodeAt(fs, ino);
    fs = withInode(fs, { ...inode, writers: inode.writers - n });
  }
  return withState(state, { fs, descriptions });
}

/** Adds one reference for each id (ids may repeat). */
export function retainMany(state: KernelState, ids: ArrayLike<DescId>): KernelState {
  if (ids.length === 0) return state;
  const { keys, counts } = countIds(ids);
  let j = 0;
  const descriptions = state.descriptions.updateMany(keys, (d, id) => {
    const n = counts ? counts[j++]! : 1;
    if (!d) throw new Error(`internal: no open file description ${id}`);
    return withRefs(d, d.refs + n);
  });
  return withState(state, { descriptions });
}

/** A new fd table holding the given slots (their references must already be counted). */
export function newFdTable(state: KernelState, slots: IntMap<FdSlot>): [KernelState, FilesId] {
  const id = state.next.files;
  return [
    withState(state, { fdTables: state.fdTables.set(id, { id, slots, users: 1 }), next: { pid: state.next.pid, desc: state.next.desc, files: id + 1, mm: state.next.mm, ino: state.next.ino } }),
    id,
  ];
}

/** dup_fd: a private copy of a table, each description gaining one reference per copied slot. */
export function copyFdTable(state: KernelState, files: FilesId): [KernelState, FilesId] {
  const table = state.fdTables.get(files)!;
  const ids: DescId[] = [];
  table.slots.forEach((slot) => void ids.push(slot.desc));
  return newFdTable(retainMany(state, ids), table.slots);
}

/** Drops a task's use of a table; the last user closes every slot (exit_files / put_files_struct). */
export function putFdTable(state: KernelState, files: FilesId): KernelState {
  const table = state.fdTables.get(files)!;
  if (table.users > 1) return withState(state, { fdTables: state.fdTables.set(files, withTableUsers(table, table.users - 1)) });
  const ids: DescId[] = [];
  table.slots.forEach((slot) => void ids.push(slot.desc));
  return releaseMany(withState(state, { fdTables: state.fdTables.delete(files) }), ids);
}

/** Short display of a description's target: a path, or `socket:NAME` etc. */
export function targetName(target: DescTarget): string {
  switch (target.kind) {
    case 'file':
      return target.path;
    case 'socket':
      return `socket:${target.name}`;
    case 'pipe':
      return `pipe:${target.name}[${target.end}]`;
    case 'kqueue':
      return `kqueue:${target.name}`;
  }
}
