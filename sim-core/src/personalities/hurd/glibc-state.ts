/**
 * glibc's per-process Hurd state and the core views that mirror it, so the
 * generic expectations and the debugger read a Hurd task like any other:
 * - the core fd table mirrors _hurd_dtable: slot fd → the open file
 *   description standing for the io port's peropen, with the descriptor's
 *   FD_CLOEXEC as the slot's close-on-exec bit;
 * - Task.creds mirrors the ids of the auth port in _hurd_ports[INIT_PORT_AUTH]:
 *   uid = avail uid[0] (real), euid = fsuid = effective uid[0], suid = avail
 *   uid[1] (saved), likewise for gids, groups = every effective gid (what
 *   GLIBC getresuid.c and getgroups.c report); -1 where a vector is empty;
 * - Task.cwd and Task.root are the paths of the CWDIR and CRDIR ports' nodes.
 */
import { closeFd, installFd, newDescription, taskOf } from '../../model/fds.js';
import type { DescId, KernelState, Pid } from '../../model/state.js';
import type { Access, Credentials } from '../../scenario/scenario.js';
import { entryOf, portOf, worldOf, withWorld } from './mach-ports.js';
import { glibcOf, hurdTaskOf, updateGlibc, updateHurd } from './tasks.js';
import { INIT_PORT, type AuthIds, type GlibcState, type HurdFd, type OpenModes, type PeropenId, type PortName, type SpaceId } from './state.js';

export function accessOf(m: OpenModes): Access {
  if (m.read && m.write) return 'rw';
  if (m.write) return 'wo';
  if (m.read) return 'ro';
  if (m.exec) return 'exec';
  return 'path';
}

/** The object behind a name in a space, if it is a live right. */
export function objectAt(state: KernelState, space: SpaceId, name: PortName) {
  if (name === 0) return undefined;
  const w = worldOf(state);
  const e = entryOf(w, space, name);
  return e ? portOf(w, e.port) : undefined;
}

export function authIdsAt(state: KernelState, space: SpaceId, name: PortName): AuthIds | null {
  const p = objectAt(state, space, name);
  return p && p.object.kind === 'auth' ? p.object.ids : null;
}

export function credsFromIds(ids: AuthIds | null): Credentials {
  const euids = ids?.euids ?? [];
  const auids = ids?.auids ?? [];
  const egids = ids?.egids ?? [];
  const agids = ids?.agids ?? [];
  const uid = auids[0] ?? euids[0] ?? -1;
  const gid = agids[0] ?? egids[0] ?? -1;
  const euid = euids[0] ?? uid;
  const egid = egids[0] ?? gid;
  return { uid, euid, suid: auids[1] ?? uid, fsuid: euid, gid, egid, sgid: agids[1] ?? gid, fsgid: egid, groups: [...egids] };
}

/** The path a directory port (CWDIR/CRDIR) stands for. */
function dirPath(state: KernelState, space: SpaceId, name: PortName): string | null {
  const p = objectAt(state, space, name);
  if (!p || p.object.kind !== 'io') return null;
  const po = worldOf(state).peropens.get(p.object.peropen);
  return po ? po.path : null;
}

/** Recomputes Task.creds, cwd and root from the init ports glibc holds. */
export function syncCoreView(state: KernelState, pid: Pid): KernelState {
  const h = hurdTaskOf(state, pid);
  const g = h.glibc;
  if (!g) return state;
  const task = taskOf(state, pid);
  const creds = credsFromIds(authIdsAt(state, h.task, g.ports[INIT_PORT.AUTH]!));
  const cwd = dirPath(state, h.task, g.ports[INIT_PORT.CWDIR]!) ?? task.cwd;
  const root = dirPath(state, h.task, g.ports[INIT_PORT.CRDIR]!) ?? task.root;
  return { ...state, tasks: state.tasks.set(pid, { ...task, creds, cwd, root }) };
}

/** The core description standing for a peropen: the live one, or a new one. */
export function descFor(state: KernelState, peropen: PeropenId): [KernelState, DescId] {
  const w = worldOf(state);
  const po = w.peropens.get(peropen);
  if (!po) throw new Error(`internal: no peropen ${peropen}`);
  if (po.desc !== null && state.descriptions.has(po.desc)) return [state, po.desc];
  const [s, desc] = newDescription(state, po.target, accessOf(po.modes));
  const w2 = worldOf(s);
  return [withWorld(s, { ...w2, peropens: w2.peropens.set(peropen, { ...po, desc }) }), desc];
}

/** The peropen behind an io port name (or a ctty-less device), if any. */
export function peropenAt(state: KernelState, space: SpaceId, name: PortName): PeropenId | null {
  const p = objectAt(state, space, name);
  if (!p) return null;
  return p.object.kind === 'io' || p.object.kind === 'ctty' ? p.object.peropen : null;
}

/** Sets glibc's descriptor `fd` and the core slot that mirrors it. */
export function setFd(state: KernelState, pid: Pid, fd: number, hfd: HurdFd): KernelState {
  const space = hurdTaskOf(state, pid).task;
  let s = updateGlibc(state, pid, (g) => ({ ...g, dtable: g.dtable.set(fd, hfd) }));
  const po = peropenAt(s, space, hfd.port);
  if (po === null) return closeFd(s, pid, fd);
  let desc: DescId;
  [s, desc] = descFor(s, po);
  return installFd(s, pid, fd, desc, hfd.cloexec);
}

export function clearFd(state: KernelState, pid: Pid, fd: number): KernelState {
  const s = updateGlibc(state, pid, (g) => ({ ...g, dtable: g.dtable.delete(fd) }));
  return closeFd(s, pid, fd);
}

/** glibc's memory is gone (vm_deallocate of the whole space): no dtable, no _hurd_ports; the core fd table empties. */
export function dropGlibc(state: KernelState, pid: Pid): [KernelState, number[]] {
  const fds: number[] = [];
  const g = glibcOf(state, pid);
  let s = updateHurd(state, pid, (h) => ({ ...h, glibc: null }));
  const files = s.fdTables.get(taskOf(s, pid).files);
  if (files) {
    for (const fd of files.slots.keys()) {
      fds.push(fd);
      s = closeFd(s, pid, fd);
    }
  }
  void g;
  return [s, fds];
}

export function setGlibc(state: KernelState, pid: Pid, g: GlibcState): KernelState {
  return updateHurd(state, pid, (h) => ({ ...h, glibc: g }));
}
