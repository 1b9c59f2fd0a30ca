/**
 * Text views of Hurd state for golden tests, the CLI and the debugger: a
 * task's port namespace (name, rights, user references, what the port is),
 * glibc's descriptor table and init ports, and the exec server's bootinfos.
 */
import type { KernelState, Pid } from '../../model/state.js';
import { intsText } from './glibc-exec.js';
import { portOf, rightsText } from './mach-ports.js';
import { INIT_PORT_NAMES, execFlagsText, type SpaceId } from './state.js';
import type { SignalName } from '../../model/signals.js';
import { ALL_SIGNALS, sigmask } from './signals.js';

/** One line per name: `12  send(2)  io /etc/motd (O_READ) uids 1000`. */
export function renderNamespace(state: KernelState, space: SpaceId): string[] {
  const w = state.ext.hurd!;
  const s = w.spaces.get(space);
  if (!s) return ['(no space: the task is gone)'];
  return s.entries.values().map((e) => {
    const p = portOf(w, e.port);
    const dead = p.receiver === null && e.dead === 0 && !e.portSet ? ' (dead port)' : '';
    return `${String(e.name).padStart(4)}  ${rightsText(e).padEnd(18)} ${p.label}${dead}`;
  });
}

export function renderTaskPorts(state: KernelState, pid: Pid): string[] {
  const t = state.tasks.get(pid);
  if (!t || !t.ext.hurd) return [`pid ${pid}: no such Hurd task`];
  return renderNamespace(state, t.ext.hurd.task);
}

/** glibc's state: init ports, dtable (port names, ctty, FD_CLOEXEC), flags. */
export function renderGlibc(state: KernelState, pid: Pid): string[] {
  const t = state.tasks.get(pid);
  const g = t?.ext.hurd?.glibc;
  if (!t || !g) return ['(no glibc state: the program is not running)'];
  const w = state.ext.hurd!;
  const label = (name: number) => {
    if (!name) return 'NULL';
    const e = w.spaces.get(t.ext.hurd!.task)?.entries.get(name);
    return e ? `${name} (${portOf(w, e.port).label})` : `${name} (no such name)`;
  };
  const out = g.ports.map((n, i) => `_hurd_ports[${INIT_PORT_NAMES[i]}] = ${label(n)}`);
  for (const [fd, d] of g.dtable.entries()) out.push(`fd ${fd} = ${label(d.port)}${d.ctty ? ` ctty ${d.ctty}` : ''}${d.cloexec ? ' FD_CLOEXEC' : ''}`);
  out.push(`_hurd_exec_flags = ${execFlagsText(g.execFlags)}; _hurdsig_traced = ${g.traced ? 'all' : 'none'}; msgport ${g.msgport}; task self ${g.taskSelf}`);
  return out;
}

/** The int array glibc would pack now (_hurd_exec_paths: umask, the main thread's mask, ignored, pending, trace mask). */
export function glibcInts(state: KernelState, pid: Pid): number[] {
  const t = state.tasks.get(pid);
  const g = t?.ext.hurd?.glibc;
  if (!t || !g) return [];
  const main = t.threads.find((x) => x.tid === t.leader) ?? t.threads[0];
  const ignored = Object.entries(t.signals.dispositions).filter(([, d]) => d === 'ignore').map(([s]) => s) as SignalName[];
  return [t.umask, sigmask(main?.blocked ?? []), sigmask(ignored), sigmask(t.signals.pending), g.traced ? ALL_SIGNALS : 0];
}

/** The exec server's bootinfos still waiting for exec_startup_get_info. */
export function renderBootinfos(state: KernelState): string[] {
  const w = state.ext.hurd!;
  const out: string[] = [];
  w.ports.forEach((p) => {
    if (p.object.kind !== 'execboot' || !p.object.boot || !p.receiver) return;
    const b = p.object.boot;
    out.push(`${p.label}: flags ${execFlagsText(b.flags)} argv ${JSON.stringify(b.argv)} dtable [${b.dtable.join(' ')}] ports [${b.portarray.join(' ')}] ints {${intsText(b.intarray)}}${b.taken ? ' (handed out)' : ''}`);
  });
  return out;
}
