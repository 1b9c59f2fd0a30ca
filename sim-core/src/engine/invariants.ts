/**
 * What a kernel keeps true at every instant, checked after each event when
 * asked (tests do). A violation is a simulator bug, never a user error.
 *
 * State invariants ({@link checkInvariants}):
 * - open files: each description's reference count equals the slots (in every
 *   table) pointing at it, none is alive with no reference, no slot points at a
 *   freed description, a file description names an existing inode, and each
 *   inode's writer count equals the descriptions open for writing on it
 *   (deny_write_access, ETXTBSY);
 * - tables and address spaces are used by exactly the running tasks that point
 *   at them (one being built, such as CloudABI's remapped table, has none yet),
 *   an ended task uses neither (its `files` and `mm` are -1) and fds stay below
 *   NR_OPEN;
 * - tasks and threads: the pid table is keyed by pid, a running task has its
 *   leader among its threads (a Mach task may have none at all), a thread id
 *   belongs to one task, on Linux the leader's tid is the pid and thread ids
 *   share the pid space, an ended task has no thread, scenario names point at
 *   the task of that name;
 * - a thread blocked in vfork waits for a running child that names it as its
 *   vfork parent;
 * - signals: SIGKILL and SIGSTOP are never blocked nor given a disposition,
 *   signal sets are sorted and without repeats;
 * - id allocators are ahead of every id in use; directory entries name
 *   existing inodes.
 *
 * Event-order invariants ({@link InvariantTracker}): events are numbered
 * without gaps, phases and actors are left in the order they were entered and
 * all are left when a statement finishes, statements do not overlap, and past
 * a process's point of no return no error is returned to the old program, nor
 * is the point crossed again, until the new program runs (a statement such as
 * cloudabi-run execs twice: the second exec is the new program's).
 */
import { SIGNALS, type SignalName, type SignalSet } from '../model/signals.js';
import type { KernelState } from '../model/state.js';
import { NR_OPEN } from '../scenario/validate.js';
import type { SimEvent } from './events.js';

function sortedWithoutRepeats(set: SignalSet): boolean {
  for (let i = 1; i < set.length; i++) if (SIGNALS[set[i - 1]!] >= SIGNALS[set[i]!]) return false;
  return true;
}

const UNCATCHABLE: readonly SignalName[] = ['SIGKILL', 'SIGSTOP'];

export function checkInvariants(state: KernelState): string[] {
  const out: string[] = [];
  const next = state.next;

  // Open file descriptions: refs == slots pointing at them, in every table.
  const slotsPerDesc = new Map<number, number>();
  state.fdTables.forEach((table) => {
    table.slots.forEach((slot, fd) => {
      if (!state.descriptions.has(slot.desc)) out.push(`table ${table.id} fd ${fd} points at freed description ${slot.desc}`);
      slotsPerDesc.set(slot.desc, (slotsPerDesc.get(slot.desc) ?? 0) + 1);
    });
    const max = table.slots.maxKey();
    if (max >= NR_OPEN) out.push(`table ${table.id} has fd ${max}, beyond NR_OPEN (${NR_OPEN})`);
  });
  const writersPerIno = new Map<number, number>();
  state.descriptions.forEach((d, id) => {
    const n = slotsPerDesc.get(id) ?? 0;
    if (d.refs !== n) out.push(`description ${id} (${d.target.kind}) has refs ${d.refs} but ${n} slot(s) point at it`);
    if (d.refs <= 0) out.push(`description ${id} is alive with refs ${d.refs}`);
    if (d.id !== id) out.push(`description stored under ${id} says id ${d.id}`);
    if (id >= next.desc) out.push(`description ${id} is not below the next description id ${next.desc}`);
    if (d.target.kind === 'file') {
      if (!state.fs.inodes.has(d.target.ino)) out.push(`description ${id} names missing inode ${d.target.ino}`);
      if (d.access === 'wo' || d.access === 'rw') writersPerIno.set(d.target.ino, (writersPerIno.get(d.target.ino) ?? 0) + 1);
    }
  });
  state.fs.inodes.forEach((inode, ino) => {
    const n = writersPerIno.get(ino) ?? 0;
    if (inode.writers !== n) out.push(`inode ${ino} counts ${inode.writers} writer(s) but ${n} description(s) write it`);
    if (ino >= next.ino) out.push(`inode ${ino} is not below the next inode number ${next.ino}`);
    for (const [name, child] of Object.entries(inode.entries ?? {})) {
      if (!state.fs.inodes.has(child)) out.push(`directory inode ${ino} entry "${name}" names missing inode ${child}`);
    }
  });

  // Tables and address spaces are used by exactly the tasks that point at them.
  const tableUsers = new Map<number, number>();
  const mmUsers = new Map<number, number>();
  const tids = new Map<number, number>();
  state.tasks.forEach((task, pid) => {
    if (task.pid !== pid) out.push(`task stored under pid ${pid} says pid ${task.pid}`);
    if (pid >= next.pid) out.push(`pid ${pid} is not below the next pid ${next.pid}`);
    const alive = task.status.state === 'running';
    if (alive) {
      if (!state.fdTables.has(task.files)) out.push(`task ${pid} uses missing fd table ${task.files}`);
      tableUsers.set(task.files, (tableUsers.get(task.files) ?? 0) + 1);
      if (!state.mms.has(task.mm)) out.push(`task ${pid} uses missing address space ${task.mm}`);
      mmUsers.set(task.mm, (mmUsers.get(task.mm) ?? 0) + 1);
      // A Mach task may have no thread at all (task_create makes none; the Hurd's exec server kills them all before loading).
      if (task.threads.length === 0) {
        if (state.system !== 'hurd') out.push(`task ${pid} is running with no thread`);
      } else if (!task.threads.some((t) => t.tid === task.leader)) out.push(`task ${pid}: leader ${task.leader} is not one of its threads`);
      for (const t of task.threads) {
        if (tids.has(t.tid)) out.push(`tid ${t.tid} belongs to both ${tids.get(t.tid)} and ${pid}`);
        tids.set(t.tid, pid);
        if (t.tid >= next.pid) out.push(`tid ${t.tid} is not below the next pid ${next.pid}`);
        if (!sortedWithoutRepeats(t.blocked)) out.push(`thread ${t.tid} of task ${pid}: blocked set ${t.blocked.join(' ')} is not sorted without repeats`);
        for (const sig of UNCATCHABLE) if (t.blocked.includes(sig)) out.push(`thread ${t.tid} of task ${pid} blocks ${sig}`);
        if (t.run.state === 'blocked' && t.run.until === 'vfork-done') {
          const child = state.tasks.get(t.run.child);
          if (!child || child.status.state !== 'running') out.push(`thread ${t.tid} of task ${pid} waits for vfork child ${t.run.child}, which is not running`);
          else if (child.vforkParent?.pid !== pid || child.vforkParent.tid !== t.tid) out.push(`thread ${t.tid} of task ${pid} waits for vfork child ${t.run.child}, which does not name it as its parent`);
        }
      }
      if (state.system === 'linux' && task.leader !== pid) out.push(`task ${pid}: Linux thread group leader has tid ${task.leader}`);
    } else {
      if (task.threads.length) out.push(`task ${pid} is ${task.status.state} but still has threads`);
      if (task.files !== -1 || task.mm !== -1) out.push(`task ${pid} is ${task.status.state} but still uses fd table ${task.files} and address space ${task.mm}`);
    }
    for (const sig of UNCATCHABLE) if (task.signals.dispositions[sig]) out.push(`task ${pid} has a disposition for ${sig}`);
    if (!sortedWithoutRepeats(task.signals.pending)) out.push(`task ${pid}: pending set ${task.signals.pending.join(' ')} is not sorted without repeats`);
  });
  if (state.system === 'linux') {
    // One number space: a thread id is never another process's pid.
    for (const [tid, pid] of tids) {
      if (tid !== pid && state.tasks.has(tid)) out.push(`tid ${tid} of task ${pid} is also the pid of another task`);
    }
  }
  state.fdTables.forEach((table, id) => {
    const n = tableUsers.get(id) ?? 0;
    if (table.users !== n) out.push(`fd table ${id} says ${table.users} user(s) but ${n} task(s) use it`);
    if (id >= next.files) out.push(`fd table ${id} is not below the next table id ${next.files}`);
  });
  state.mms.forEach((mm, id) => {
    const n = mmUsers.get(id) ?? 0;
    if (mm.users !== n) out.push(`address space ${id} says ${mm.users} user(s) but ${n} task(s) use it`);
    if (id >= next.mm) out.push(`address space ${id} is not below the next address space id ${next.mm}`);
  });
  for (const [name, pid] of Object.entries(state.names)) {
    const task = state.tasks.get(pid);
    if (!task) out.push(`name ${name} points at missing pid ${pid}`);
    else if (task.name !== name) out.push(`name ${name} points at pid ${pid}, which is named ${task.name}`);
  }
  return out;
}

/** Event-order invariants: follows the stream and reports what breaks them. */
export class InvariantTracker {
  private expectedSeq = 0;
  /** The statement running, if any, and the pid it was issued by. */
  private running: { action: number; pid: number } | undefined;
  /** Processes of the running statement past their point of no return. */
  private ponr = new Set<number>();
  /** Phases and actors entered and not yet left, innermost last. */
  private open: string[] = [];

  reset(): void {
    this.expectedSeq = 0;
    this.running = undefined;
    this.ponr = new Set();
    this.open = [];
  }

  observe(e: SimEvent): string[] {
    const out: string[] = [];
    if (e.seq !== this.expectedSeq) out.push(`event ${e.seq} follows event ${this.expectedSeq - 1}`);
    this.expectedSeq = e.seq + 1;
    switch (e.kind) {
      case 'action-started':
        if (this.running) out.push(`statement ${e.action} starts while statement ${this.running.action} is running`);
        this.running = { action: e.action, pid: e.frame?.pid ?? 0 };
        this.ponr.clear();
        this.open = [];
        break;
      case 'action-finished':
        if (this.running && this.running.action !== e.action) out.push(`statement ${e.action} finishes while statement ${this.running.action} is running`);
        if (!this.running && !('blocked' in e.outcome)) out.push(`statement ${e.action} finishes without having started`);
        if (this.open.length) out.push(`statement ${e.action} finishes inside ${this.open.join(' › ')}`);
        if (this.running && !e.outcome.ok && 'errno' in e.outcome && this.ponr.has(this.running.pid)) {
          out.push(`statement ${e.action} returns ${e.outcome.errno} to pid ${this.running.pid} after its point of no return`);
        }
        this.running = undefined;
        this.open = [];
        break;
      case 'expectation':
        if (this.running) out.push(`expectation ${e.index} checked while statement ${this.running.action} is running`);
        break;
      case 'phase-entered':
        if (e.frame?.phase !== e.phase) out.push(`phase ${e.phase} entered outside its own frame`);
        this.open.push(`phase ${e.phase}`);
        break;
      case 'actor-entered':
        this.open.push(`actor ${e.actor}`);
        // The new program runs: what comes next is its own, not the old program's.
        if (e.actor === 'new-program') this.ponr.delete(e.frame?.pid ?? -1);
        break;
      case 'phase-left':
      case 'actor-left': {
        const what = e.kind === 'phase-left' ? `phase ${e.phase}` : `actor ${e.actor}`;
        const top = this.open.pop();
        if (top !== what) out.push(`${what} left while ${top ?? 'nothing'} is the innermost one entered`);
        break;
      }
      case 'point-of-no-return':
        if (this.ponr.has(e.pid)) out.push(`pid ${e.pid} crosses its point of no return twice before the new program runs`);
        this.ponr.add(e.pid);
        break;
      case 'error-returned':
        if (this.ponr.has(e.pid)) out.push(`error ${e.errno} returned to pid ${e.pid} after its point of no return`);
        break;
      default:
        break;
    }
    return out;
  }
}
