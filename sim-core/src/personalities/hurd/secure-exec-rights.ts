/**
 * Which send rights of a task reach the new program of a secure exec, and
 * which of them still carry the caller's identity.
 *
 * glibc passes the descriptor table (close-on-exec fds excepted) and the init
 * ports (GLIBC hurd/hurdexec.c: _hurd_exec_paths). For a set-id file the
 * filesystem reauthenticates them with the new ids (HURD
 * libshouldbeinlibc/exec-reauth.c: exec_reauth, called by
 * libfshelp/exec-reauth.c: fshelp_exec_reauth) but keeps, as it was, a port
 * it cannot reauthenticate (must_reauth = 0); CRDIR, AUTH and PROC are
 * replaced (exec/exec.c: do_exec gives the standard ones), CTTYID and the
 * bootstrap port pass untouched. Everything else in the namespace stays
 * behind: a secure exec runs in a new task (EXEC_NEWTASK).
 */
import type { SimEvent } from '../../engine/events.js';
import type { KernelState, Task } from '../../model/state.js';
import { entryOf, portOf, rightsText } from './mach-ports.js';
import { EXEC_SECURE, INIT_PORT, INIT_PORT_NAMES, type HurdWorld, type PortName, type SpaceId } from './state.js';

export interface ReachingRight {
  /** How the right travels: `fd 3`, `CWDIR`, `CTTYID`, `BOOTSTRAP`. */
  readonly via: string;
  readonly name: PortName;
  /** What the new program gets: reauthenticated with the new ids, or the caller's own port. */
  readonly fate: 'reauthenticated' | 'as it is';
}

/** A port exec_reauth can reauthenticate: an io port whose server is alive (auth.ts: reauthenticateIo). */
function reauthenticable(w: HurdWorld, space: SpaceId, name: PortName): boolean {
  const e = entryOf(w, space, name);
  if (!e || e.send === 0) return false;
  const p = portOf(w, e.port);
  return p.object.kind === 'io' && p.receiver !== null && p.receiver !== 'kernel';
}

/** The send rights a secure exec by this task would pass to the new program, in the order glibc packs them. */
export function rightsReachingSecureExec(state: KernelState, task: Task): ReachingRight[] {
  const h = task.ext.hurd;
  const w = state.ext.hurd;
  const g = h?.glibc;
  if (!h || !w || !g) return [];
  const out: ReachingRight[] = [];
  const add = (via: string, name: PortName, reauth: boolean) => {
    if (!name || !entryOf(w, h.task, name)) return;
    out.push({ via, name, fate: reauth && reauthenticable(w, h.task, name) ? 'reauthenticated' : 'as it is' });
  };
  for (const [fd, d] of g.dtable.entries()) if (!d.cloexec) add(`fd ${fd}`, d.port, true);
  add('CWDIR', g.ports[INIT_PORT.CWDIR] ?? 0, true);
  add('CTTYID', g.ports[INIT_PORT.CTTYID] ?? 0, false);
  add('BOOTSTRAP', g.ports[INIT_PORT.BOOTSTRAP] ?? 0, false);
  return out;
}

export function reachingRightText(state: KernelState, task: Task, r: ReachingRight): string {
  const w = state.ext.hurd!;
  const e = entryOf(w, task.ext.hurd!.task, r.name)!;
  const fate = r.fate === 'reauthenticated' ? 'reauthenticated with the new ids (exec_reauth)' : "passed as it is, with the caller's identity";
  return `${r.via}: name ${r.name} ${rightsText(e)} → ${portOf(w, e.port).label} — ${fate}`;
}

/**
 * The task whose new program has just rebuilt its descriptor table from the
 * startup data (the end of hurd.newtask.dtable: GLIBC hurd/dtable.c:
 * init_dtable) with EXEC_SECURE among its flags: from here it runs with what
 * it inherited.
 */
export function secureStartOf(after: KernelState, event: SimEvent): Task | undefined {
  if (event.kind !== 'phase-left' || event.phase !== 'hurd.newtask.dtable' || event.errno) return undefined;
  const pid = event.frame?.pid;
  const task = pid === undefined ? undefined : after.tasks.get(pid);
  const g = task?.ext.hurd?.glibc;
  return g && (g.execFlags & EXEC_SECURE) !== 0 ? task : undefined;
}

/**
 * Rights of a program started secure that still carry the caller's identity:
 * io ports not seen with the program's effective uids, and descriptor or init
 * ports that are not io ports at all (exec_reauth passed them as they were).
 */
export function unauthenticatedRights(state: KernelState, task: Task): string[] {
  const h = task.ext.hurd;
  const w = state.ext.hurd;
  const g = h?.glibc;
  if (!h || !w || !g) return [];
  const auth = entryOf(w, h.task, g.ports[INIT_PORT.AUTH] ?? 0);
  const authPort = auth ? portOf(w, auth.port).object : undefined;
  const euids = authPort?.kind === 'auth' ? authPort.ids.euids : [];
  const out: string[] = [];
  const check = (via: string, name: PortName) => {
    const e = name ? entryOf(w, h.task, name) : undefined;
    if (!e || e.send === 0) return;
    const p = portOf(w, e.port);
    const o = p.object;
    if (o.kind === 'io' && o.uids.join(' ') === euids.join(' ')) return;
    if (o.kind === 'cttyid' || o.kind === 'ctty') return;
    const why = o.kind === 'io' ? `seen with uids ${o.uids.join(' ') || '(none)'}, not the program's ${euids.join(' ') || '(none)'}` : 'not an io port: passed as it was';
    out.push(`${via}: name ${name} ${rightsText(e)} → ${p.label} (${why})`);
  };
  for (const [fd, d] of g.dtable.entries()) check(`fd ${fd}`, d.port);
  check(INIT_PORT_NAMES[INIT_PORT.CWDIR], g.ports[INIT_PORT.CWDIR] ?? 0);
  return out;
}
