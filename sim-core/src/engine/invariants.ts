/**
 * What a kernel keeps true at every instant, checked after each event when
 * asked (tests do): reference counts match the slots, no slot points at a freed
 * description, tables are used by the tasks that say so, thread ids are unique,
 * and past the point of no return no error goes back to the old program.
 */
import type { KernelState } from '../model/state.js';
import type { SimEvent } from './events.js';

export function checkInvariants(state: KernelState): string[] {
  const out: string[] = [];
  // Open file descriptions: refs == slots pointing at them, in every table.
  const slotsPerDesc = new Map<number, number>();
  state.fdTables.forEach((table) => {
    table.slots.forEach((slot, fd) => {
      if (!state.descriptions.has(slot.desc)) out.push(`table ${table.id} fd ${fd} points at freed description ${slot.desc}`);
      slotsPerDesc.set(slot.desc, (slotsPerDesc.get(slot.desc) ?? 0) + 1);
    });
  });
  const writersPerIno = new Map<number, number>();
  state.descriptions.forEach((d, id) => {
    const n = slotsPerDesc.get(id) ?? 0;
    if (d.refs !== n) out.push(`description ${id} (${d.target.kind}) has refs ${d.refs} but ${n} slot(s) point at it`);
    if (d.refs <= 0) out.push(`description ${id} is alive with refs ${d.refs}`);
    if (d.target.kind === 'file' && (d.access === 'wo' || d.access === 'rw')) {
      writersPerIno.set(d.target.ino, (writersPerIno.get(d.target.ino) ?? 0) + 1);
    }
  });
  state.fs.inodes.forEach((inode, ino) => {
    const n = writersPerIno.get(ino) ?? 0;
    if (inode.writers !== n) out.push(`inode ${ino} counts ${inode.writers} writer(s) but ${n} description(s) write it`);
  });

  // Tables and address spaces are used by exactly the tasks that point at them.
  const tableUsers = new Map<number, number>();
  const mmUsers = new Map<number, number>();
  const tids = new Map<number, number>();
  state.tasks.forEach((task, pid) => {
    if (task.pid !== pid) out.push(`task stored under pid ${pid} says pid ${task.pid}`);
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
      }
      if (state.system === 'linux' && task.leader !== pid) out.push(`task ${pid}: Linux thread group leader has tid ${task.leader}`);
    } else if (task.threads.length) {
      out.push(`task ${pid} is ${task.status.state} but still has threads`);
    }
  });
  state.fdTables.forEach((table, id) => {
    const n = tableUsers.get(id) ?? 0;
    if (table.users !== n) out.push(`fd table ${id} says ${table.users} user(s) but ${n} task(s) use it`);
  });
  state.mms.forEach((mm, id) => {
    const n = mmUsers.get(id) ?? 0;
    if (mm.users !== n) out.push(`address space ${id} says ${mm.users} user(s) but ${n} task(s) use it`);
  });
  for (const [name, pid] of Object.entries(state.names)) {
    if (!state.tasks.has(pid)) out.push(`name ${name} points at missing pid ${pid}`);
  }
  return out;
}

/** Event-order invariants: follows the stream and reports what breaks them. */
export class InvariantTracker {
  private ponr = new Set<number>();

  reset(): void {
    this.ponr = new Set();
  }

  observe(e: SimEvent): string[] {
    switch (e.kind) {
      case 'action-started':
        this.ponr.clear();
        return [];
      case 'point-of-no-return':
        this.ponr.add(e.pid);
        return [];
      case 'error-returned':
        return this.ponr.has(e.pid) ? [`error ${e.errno} returned to pid ${e.pid} after its point of no return`] : [];
      default:
        return [];
    }
  }
}
