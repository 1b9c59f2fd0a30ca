/**
 * What the Hurd world keeps true at every instant (tests check it after each
 * event): send-right counts match the names and kernel copies holding them,
 * receive rights and dead names agree with their ports, glibc's names exist,
 * and the core views (fd table, creds) mirror glibc's state.
 */
import type { KernelState } from '../../model/state.js';
import { credsFromIds, authIdsAt, peropenAt } from './glibc-state.js';
import { INIT_PORT } from './state.js';

export function checkHurdInvariants(state: KernelState): string[] {
  const w = state.ext.hurd;
  if (!w) return [];
  const out: string[] = [];
  const srights = new Map<number, number>();
  const sorights = new Map<number, number>();
  w.spaces.forEach((space, id) => {
    space.entries.forEach((e, name) => {
      if (e.name !== name) out.push(`space ${id}: entry under ${name} says ${e.name}`);
      const p = w.ports.get(e.port);
      if (!p) {
        out.push(`space ${id} name ${name}: no port ${e.port}`);
        return;
      }
      if (e.send > 0) srights.set(e.port, (srights.get(e.port) ?? 0) + 1);
      if (e.sendOnce) sorights.set(e.port, (sorights.get(e.port) ?? 0) + 1);
      if (e.receive && !e.portSet && (p.receiver === null || p.receiver === 'kernel' || p.receiver.space !== id || p.receiver.name !== name)) {
        out.push(`space ${id} name ${name} holds the receive right of ${p.label}, which says its receiver is ${JSON.stringify(p.receiver)}`);
      }
      if (e.dead > 0 && p.receiver !== null) out.push(`space ${id} name ${name} is a dead name for the live port ${p.label}`);
      if ((e.send > 0 || e.receive) && !e.portSet && space.byPort.get(e.port) !== name) out.push(`space ${id}: byPort does not map ${e.port} to ${name}`);
      if (e.send === 0 && !e.receive && !e.sendOnce && e.dead === 0 && !e.portSet) out.push(`space ${id} name ${name} denotes no right`);
      if (e.send > 0xffff || e.dead > 0xffff) out.push(`space ${id} name ${name}: user references overflow`);
    });
    space.byPort.forEach((name, port) => {
      const e = space.entries.get(name);
      if (!e || e.port !== port) out.push(`space ${id}: byPort maps ${port} to ${name}, which does not denote it`);
    });
  });
  w.tasks.forEach((t) => {
    if (t.alive && t.bootstrap !== null) srights.set(t.bootstrap, (srights.get(t.bootstrap) ?? 0) + 1);
    if (t.alive && !w.spaces.has(t.id)) out.push(`task ${t.name} is alive without a space`);
    if (t.alive && t.pid !== null) {
      const core = state.tasks.get(t.pid);
      if (!core || core.ext.hurd?.task !== t.id) out.push(`Mach task ${t.name} says pid ${t.pid}, which is not its process`);
    }
  });
  w.ports.forEach((p, id) => {
    if (p.receiver === null) return;
    const n = srights.get(id) ?? 0;
    if (p.srights !== n) out.push(`port ${id} (${p.label}) counts ${p.srights} send right(s) but ${n} holder(s) have one`);
    const m = sorights.get(id) ?? 0;
    if (p.sorights !== m) out.push(`port ${id} (${p.label}) counts ${p.sorights} send-once right(s) but ${m} exist`);
  });
  state.tasks.forEach((task, pid) => {
    const h = task.ext.hurd;
    if (!h || task.status.state !== 'running') return;
    const g = h.glibc;
    if (!g) return;
    const space = w.spaces.get(h.task);
    if (!space) {
      out.push(`pid ${pid} runs a program in a task with no space`);
      return;
    }
    g.ports.forEach((n, i) => {
      if (n && !space.entries.has(n)) out.push(`pid ${pid}: _hurd_ports[${i}] = ${n} is not a name of the task`);
    });
    const table = state.fdTables.get(task.files);
    const fds = new Set(table ? table.slots.keys() : []);
    g.dtable.forEach((d, fd) => {
      if (!space.entries.has(d.port)) out.push(`pid ${pid}: fd ${fd}'s port ${d.port} is not a name of the task`);
      const slot = table?.slots.get(fd);
      if (!slot) {
        out.push(`pid ${pid}: fd ${fd} is in glibc's dtable but not in the core fd table`);
        return;
      }
      fds.delete(fd);
      if (slot.cloexec !== d.cloexec) out.push(`pid ${pid}: fd ${fd} close-on-exec differs (core ${slot.cloexec}, glibc ${d.cloexec})`);
      const po = peropenAt(state, h.task, d.port);
      const desc = po === null ? null : w.peropens.get(po)?.desc;
      if (desc !== null && desc !== undefined && desc !== slot.desc) out.push(`pid ${pid}: fd ${fd}'s description ${slot.desc} is not its peropen's (${desc})`);
    });
    for (const fd of fds) out.push(`pid ${pid}: core fd ${fd} is not in glibc's dtable`);
    const want = credsFromIds(authIdsAt(state, h.task, g.ports[INIT_PORT.AUTH]!));
    if (JSON.stringify(want) !== JSON.stringify(task.creds)) out.push(`pid ${pid}: creds ${JSON.stringify(task.creds)} do not mirror the auth port's ids ${JSON.stringify(want)}`);
  });
  return out;
}
