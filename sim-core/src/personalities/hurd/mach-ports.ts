/**
 * Mach port rights as pure state transitions on the Hurd world: names,
 * user references, dead names, no-senders (GNU Mach ipc/ipc_right.c,
 * ipc/ipc_entry.c, ipc/ipc_port.c; the Mach 3 kernel interface for
 * mach_port_deallocate, mach_port_destroy, mach_port_mod_refs).
 *
 * - A name denotes one port in one space. Send and receive rights for the
 *   same port share a name; the send right carries user references. Each
 *   send-once right has a name of its own. A dead name keeps the user
 *   references its send right had.
 * - Destroying a receive right kills the port: every send and send-once
 *   right anywhere becomes a dead name.
 * - A port counts its send rights (one per name holding them, plus copies the
 *   kernel holds such as a task's bootstrap port); when the count falls to
 *   zero the receiver gets a no-senders notification if it asked for one.
 * - Names are reused last-freed first (ipc_entry_get pops is_free_list);
 *   otherwise a fresh name above all names ever used is allocated.
 */
import { IntMap } from '../../persistent/int-map.js';
import type { KernelState } from '../../model/state.js';
import type { FreeNames, HurdWorld, Port, PortEntry, PortId, PortName, PortObject, PortSpace, SpaceId } from './state.js';

export type RightEffect =
  /** The last send right went away and the receiver asked to be told. */
  | { readonly kind: 'no-senders'; readonly port: PortId }
  /** A send or send-once right became a dead name because its port died. */
  | { readonly kind: 'dead-name'; readonly space: SpaceId; readonly name: PortName; readonly port: PortId }
  /** A receive right was destroyed: the port is dead. */
  | { readonly kind: 'port-died'; readonly port: PortId };

export type Disposition = 'COPY_SEND' | 'MOVE_SEND' | 'MAKE_SEND' | 'MAKE_SEND_ONCE' | 'MOVE_SEND_ONCE' | 'MOVE_RECEIVE';

export class MachError extends Error {
  constructor(
    readonly code: 'KERN_INVALID_NAME' | 'KERN_INVALID_RIGHT' | 'KERN_INVALID_VALUE' | 'KERN_UREFS_OVERFLOW' | 'MACH_SEND_INVALID_DEST' | 'MACH_SEND_INVALID_RIGHT',
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** MACH_PORT_UREFS_MAX: user references are 16 bits (ipc_entry.h IE_BITS_UREFS_MASK). */
export const UREFS_MAX = 0xffff;

// ------------------------------------------------------------------ world access

export function worldOf(state: KernelState): HurdWorld {
  const w = state.ext.hurd;
  if (!w) throw new Error('internal: no Hurd world in this state');
  return w;
}

export function withWorld(state: KernelState, w: HurdWorld): KernelState {
  return { ...state, ext: { ...state.ext, hurd: w } };
}

export function portOf(w: HurdWorld, id: PortId): Port {
  const p = w.ports.get(id);
  if (!p) throw new Error(`internal: no port ${id}`);
  return p;
}

export function spaceOf(w: HurdWorld, id: SpaceId): PortSpace {
  const s = w.spaces.get(id);
  if (!s) throw new Error(`internal: no IPC space ${id}`);
  return s;
}

export function entryOf(w: HurdWorld, space: SpaceId, name: PortName): PortEntry | undefined {
  return w.spaces.get(space)?.entries.get(name);
}

/** The name under which a space holds send/receive rights or a dead name for a port. */
export function nameOf(w: HurdWorld, space: SpaceId, port: PortId): PortName | undefined {
  return w.spaces.get(space)?.byPort.get(port);
}

export function isAlive(p: Port): boolean {
  return p.receiver !== null;
}

// ------------------------------------------------------------------ spaces

export function newSpace(id: SpaceId): PortSpace {
  return { id, entries: IntMap.empty(), byPort: IntMap.empty(), free: null, nextName: 1 };
}

function allocName(space: PortSpace): [PortSpace, PortName] {
  if (space.free) return [{ ...space, free: space.free.next }, space.free.name];
  let name = space.nextName;
  while (space.entries.has(name)) name++;
  return [{ ...space, nextName: name + 1 }, name];
}

/** Removes a specific name from the free list (ipc_entry_alloc_name rips it out). */
function claimName(space: PortSpace, name: PortName): PortSpace {
  let free: FreeNames | null = null;
  const kept: PortName[] = [];
  for (let f = space.free; f; f = f.next) if (f.name !== name) kept.push(f.name);
  for (let i = kept.length - 1; i >= 0; i--) free = { name: kept[i]!, next: free };
  return { ...space, free };
}

function putEntry(space: PortSpace, e: PortEntry): PortSpace {
  const keyed = !e.sendOnce || e.send > 0 || e.receive;
  return {
    ...space,
    entries: space.entries.set(e.name, e),
    byPort: keyed && !e.portSet ? space.byPort.set(e.port, e.name) : space.byPort,
  };
}

function dropEntry(space: PortSpace, e: PortEntry): PortSpace {
  const byPort = space.byPort.get(e.port) === e.name ? space.byPort.delete(e.port) : space.byPort;
  return { ...space, entries: space.entries.delete(e.name), byPort, free: { name: e.name, next: space.free } };
}

function emptyEntry(name: PortName, port: PortId): PortEntry {
  return { name, port, send: 0, receive: false, sendOnce: false, dead: 0, portSet: false };
}

function isEmpty(e: PortEntry): boolean {
  return e.send === 0 && !e.receive && !e.sendOnce && e.dead === 0 && !e.portSet;
}

function setSpace(w: HurdWorld, space: PortSpace): HurdWorld {
  return { ...w, spaces: w.spaces.set(space.id, space) };
}

function setPort(w: HurdWorld, port: Port): HurdWorld {
  return { ...w, ports: w.ports.set(port.id, port) };
}

// ------------------------------------------------------------------ creating rights

/**
 * mach_port_allocate (or a kernel object): a new port. With a receiver space
 * the receive right gets a name there (an explicit one when given).
 */
export function createPort(
  w: HurdWorld,
  object: PortObject,
  label: string,
  receiver: SpaceId | 'kernel',
  opts: { armed?: boolean; name?: PortName } = {},
): [HurdWorld, PortId, PortName] {
  const id = w.next.port;
  let name = 0;
  let port: Port = { id, object, label, receiver: 'kernel', srights: 0, sorights: 0, noSendersArmed: opts.armed ?? false };
  w = { ...w, next: { ...w.next, port: id + 1 } };
  if (receiver !== 'kernel') {
    let space = spaceOf(w, receiver);
    if (opts.name !== undefined) {
      if (space.entries.has(opts.name)) throw new MachError('KERN_INVALID_VALUE', `name ${opts.name} is in use in space ${receiver}`);
      space = claimName(space, opts.name);
      name = opts.name;
    } else [space, name] = allocName(space);
    space = putEntry(space, { ...emptyEntry(name, id), receive: true, portSet: object.kind === 'port-set' });
    w = setSpace(w, space);
    port = { ...port, receiver: { space: receiver, name } };
  }
  return [setPort(w, port), id, name];
}

/** Adds `refs` user references of a send right for `port` to a space (a new name unless it already holds the port). */
export function insertSend(w: HurdWorld, space: SpaceId, portId: PortId, refs = 1, name?: PortName): [HurdWorld, PortName] {
  const port = portOf(w, portId);
  if (!isAlive(port)) throw new MachError('MACH_SEND_INVALID_RIGHT', `port ${portId} (${port.label}) is dead`);
  let s = spaceOf(w, space);
  const existing = s.byPort.get(portId);
  if (existing !== undefined) {
    const e = s.entries.get(existing)!;
    if (e.dead > 0) throw new MachError('MACH_SEND_INVALID_RIGHT', `name ${existing} is a dead name`);
    if (e.send + refs > UREFS_MAX) throw new MachError('KERN_UREFS_OVERFLOW', `name ${existing} would exceed ${UREFS_MAX} user references`);
    s = putEntry(s, { ...e, send: e.send + refs });
    w = setSpace(w, s);
    if (e.send === 0) w = setPort(w, { ...port, srights: port.srights + 1 });
    return [w, existing];
  }
  let n: PortName;
  if (name !== undefined) {
    if (s.entries.has(name)) throw new MachError('KERN_INVALID_VALUE', `name ${name} is in use in space ${space}`);
    s = claimName(s, name);
    n = name;
  } else [s, n] = allocName(s);
  s = putEntry(s, { ...emptyEntry(n, portId), send: refs });
  w = setSpace(w, s);
  return [setPort(w, { ...port, srights: port.srights + 1 }), n];
}

/** A send-once right: always a name of its own. */
export function insertSendOnce(w: HurdWorld, space: SpaceId, portId: PortId): [HurdWorld, PortName] {
  const port = portOf(w, portId);
  if (!isAlive(port)) throw new MachError('MACH_SEND_INVALID_RIGHT', `port ${portId} is dead`);
  let [s, n] = allocName(spaceOf(w, space));
  s = putEntry(s, { ...emptyEntry(n, portId), sendOnce: true });
  return [setPort(setSpace(w, s), { ...port, sorights: port.sorights + 1 }), n];
}

/** Moves a receive right into a space (MOVE_RECEIVE). */
export function insertReceive(w: HurdWorld, space: SpaceId, portId: PortId): [HurdWorld, PortName] {
  const port = portOf(w, portId);
  let s = spaceOf(w, space);
  const existing = s.byPort.get(portId);
  let n: PortName;
  if (existing !== undefined) {
    n = existing;
    s = putEntry(s, { ...s.entries.get(existing)!, receive: true });
  } else {
    [s, n] = allocName(s);
    s = putEntry(s, { ...emptyEntry(n, portId), receive: true });
  }
  return [setPort(setSpace(w, s), { ...port, receiver: { space, name: n } }), n];
}

/** The kernel takes or drops a send right of its own (a task's special port). */
export function kernelSend(w: HurdWorld, portId: PortId, delta: 1 | -1): [HurdWorld, RightEffect[]] {
  const port = portOf(w, portId);
  if (!isAlive(port)) return [w, []];
  const srights = port.srights + delta;
  w = setPort(w, { ...port, srights });
  return [w, srights === 0 ? noSenders(port) : []];
}

function noSenders(port: Port): RightEffect[] {
  return port.noSendersArmed && port.receiver !== null && port.receiver !== 'kernel' ? [{ kind: 'no-senders', port: port.id }] : [];
}

// ------------------------------------------------------------------ dropping rights

/** Drops one user reference of a send right (or all of a send-once right); the caller checked the name. */
function dropSendRef(w: HurdWorld, space: SpaceId, e: PortEntry, refs = 1): [HurdWorld, RightEffect[]] {
  let s = spaceOf(w, space);
  const send = e.send - refs;
  const next = { ...e, send };
  s = isEmpty(next) ? dropEntry(s, next) : putEntry(s, next);
  w = setSpace(w, s);
  if (send > 0) return [w, []];
  const port = portOf(w, e.port);
  const srights = port.srights - 1;
  w = setPort(w, { ...port, srights });
  return [w, srights === 0 && isAlive(port) ? noSenders(port) : []];
}

/**
 * mach_port_deallocate: one user reference of a send right or dead name,
 * or a send-once right. A receive right or port set cannot be deallocated.
 */
export function deallocate(w: HurdWorld, space: SpaceId, name: PortName): [HurdWorld, RightEffect[]] {
  const e = entryOf(w, space, name);
  if (!e) throw new MachError('KERN_INVALID_NAME', `no name ${name} in space ${space}`);
  if (e.send > 0) return dropSendRef(w, space, e);
  if (e.dead > 0) {
    const next = { ...e, dead: e.dead - 1 };
    return [setSpace(w, isEmpty(next) ? dropEntry(spaceOf(w, space), next) : putEntry(spaceOf(w, space), next)), []];
  }
  if (e.sendOnce) {
    const port = portOf(w, e.port);
    w = setSpace(w, dropEntry(spaceOf(w, space), e));
    return [setPort(w, { ...port, sorights: port.sorights - 1 }), []];
  }
  throw new MachError('KERN_INVALID_RIGHT', `name ${name} denotes ${e.receive ? 'a receive right' : 'a port set'} only`);
}

/** mach_port_mod_refs on the send right or dead name (delta may be negative). */
export function modRefs(w: HurdWorld, space: SpaceId, name: PortName, right: 'send' | 'dead-name', delta: number): [HurdWorld, RightEffect[]] {
  const e = entryOf(w, space, name);
  if (!e) throw new MachError('KERN_INVALID_NAME', `no name ${name} in space ${space}`);
  if (right === 'send') {
    if (e.send === 0) throw new MachError('KERN_INVALID_RIGHT', `name ${name} has no send right`);
    if (e.send + delta < 0) throw new MachError('KERN_INVALID_VALUE', `name ${name} has ${e.send} user reference(s)`);
    if (delta > 0) return [insertSend(w, space, e.port, delta)[0], []];
    if (delta === 0) return [w, []];
    return dropSendRef(w, space, e, -delta);
  }
  if (e.dead === 0) throw new MachError('KERN_INVALID_RIGHT', `name ${name} is not a dead name`);
  const next = { ...e, dead: e.dead + delta };
  if (next.dead < 0) throw new MachError('KERN_INVALID_VALUE', `name ${name} has ${e.dead} user reference(s)`);
  return [setSpace(w, isEmpty(next) ? dropEntry(spaceOf(w, space), next) : putEntry(spaceOf(w, space), next)), []];
}

/**
 * mach_port_destroy: every right the name denotes goes. Destroying a receive
 * right kills the port (dead names in every other holder).
 */
export function destroyName(w: HurdWorld, space: SpaceId, name: PortName): [HurdWorld, RightEffect[]] {
  const e = entryOf(w, space, name);
  if (!e) throw new MachError('KERN_INVALID_NAME', `no name ${name} in space ${space}`);
  const effects: RightEffect[] = [];
  w = setSpace(w, dropEntry(spaceOf(w, space), e));
  let port = portOf(w, e.port);
  if (e.portSet) return [setPort(w, { ...port, receiver: null }), effects];
  if (e.send > 0) {
    port = { ...port, srights: port.srights - 1 };
    w = setPort(w, port);
    if (port.srights === 0 && isAlive(port) && !e.receive) effects.push(...noSenders(port));
  }
  if (e.sendOnce) {
    port = { ...port, sorights: port.sorights - 1 };
    w = setPort(w, port);
  }
  if (e.receive) {
    const [w2, died] = portDied(w, e.port);
    w = w2;
    effects.push(...died);
  }
  return [w, effects];
}

/**
 * mach_port_destroy of many names in one space, in one pass over its maps
 * (the exec server's destroy list can hold every name of a big task). Names
 * already gone are returned. Same effects as destroyName, name by name.
 */
export function destroyNames(w: HurdWorld, spaceId: SpaceId, names: readonly PortName[]): [HurdWorld, RightEffect[], PortName[]] {
  const space = spaceOf(w, spaceId);
  const effects: RightEffect[] = [];
  const failed: PortName[] = [];
  const heldElsewhere: PortId[] = [];
  let free = space.free;
  let byPort = space.byPort;
  let ports = w.ports;
  const entries = space.entries.withMutations((em) => {
    byPort = space.byPort.withMutations((bm) => {
      ports = w.ports.withMutations((pm) => {
        for (const name of names) {
          const e = em.get(name);
          if (!e) {
            if (name !== 0) failed.push(name);
            continue;
          }
          em.delete(name);
          if (bm.get(e.port) === name) bm.delete(e.port);
          free = { name, next: free };
          const p = pm.get(e.port)!;
          if (e.portSet) {
            pm.set(p.id, { ...p, receiver: null });
            continue;
          }
          const srights = p.srights - (e.send > 0 ? 1 : 0);
          const sorights = p.sorights - (e.sendOnce ? 1 : 0);
          if (e.receive) {
            effects.push({ kind: 'port-died', port: p.id });
            if (srights > 0 || sorights > 0) {
              pm.set(p.id, { ...p, srights, sorights });
              heldElsewhere.push(p.id);
            } else pm.set(p.id, { ...p, receiver: null, srights: 0, sorights: 0 });
            continue;
          }
          pm.set(p.id, { ...p, srights, sorights });
          if (e.send > 0 && srights === 0 && p.receiver !== null) effects.push(...noSenders(p));
        }
      });
    });
  });
  w = { ...w, ports, spaces: w.spaces.set(spaceId, { ...space, entries, byPort, free }) };
  for (const id of heldElsewhere) {
    const [w2, fx] = portDied(w, id);
    w = w2;
    effects.push(...fx.filter((f) => f.kind !== 'port-died'));
  }
  return [w, effects, failed];
}

/**
 * The receive right is gone: the port is dead, and every send or send-once
 * right for it, in every space, turns into a dead name (ipc_port_destroy).
 */
export function portDied(w: HurdWorld, portId: PortId): [HurdWorld, RightEffect[]] {
  const effects: RightEffect[] = [{ kind: 'port-died', port: portId }];
  let port = portOf(w, portId);
  if (port.srights > 0 || port.sorights > 0) {
    w.spaces.forEach((space) => {
      const name = space.byPort.get(portId);
      let s = space;
      let changed = false;
      if (name !== undefined) {
        const e = s.entries.get(name)!;
        if (e.send > 0) {
          s = putEntry(s, { ...e, send: 0, dead: e.send });
          effects.push({ kind: 'dead-name', space: space.id, name, port: portId });
          changed = true;
        }
      }
      if (port.sorights > 0) {
        s.entries.forEach((e) => {
          if (e.port === portId && e.sendOnce) {
            s = putEntry(s, { ...e, sendOnce: false, dead: 1 });
            effects.push({ kind: 'dead-name', space: space.id, name: e.name, port: portId });
            changed = true;
          }
        });
      }
      if (changed) w = setSpace(w, s);
    });
  }
  port = { ...portOf(w, portId), receiver: null, srights: 0, sorights: 0 };
  return [setPort(w, port), effects];
}

/**
 * A task dies: its space goes, and every right in it with it — receive rights
 * kill their ports, send rights stop counting (ipc_space_destroy).
 */
export function destroySpace(w: HurdWorld, spaceId: SpaceId): [HurdWorld, RightEffect[]] {
  const space = spaceOf(w, spaceId);
  const effects: RightEffect[] = [];
  for (const name of space.entries.keys()) {
    if (!w.spaces.get(spaceId)!.entries.has(name)) continue;
    const [w2, fx] = destroyName(w, spaceId, name);
    w = w2;
    effects.push(...fx);
  }
  return [{ ...w, spaces: w.spaces.delete(spaceId) }, effects];
}

/** Every name in a space, in increasing order (mach_port_names). */
export function portNames(w: HurdWorld, space: SpaceId): PortName[] {
  return spaceOf(w, space).entries.keys();
}

/** `send(2)`, `receive+send(1)`, `dead(1)`, `send-once`, `port-set`: the rights a name denotes. */
export function rightsText(e: PortEntry): string {
  const parts: string[] = [];
  if (e.receive && !e.portSet) parts.push('receive');
  if (e.send > 0) parts.push(`send(${e.send})`);
  if (e.sendOnce) parts.push('send-once');
  if (e.dead > 0) parts.push(`dead-name(${e.dead})`);
  if (e.portSet) parts.push('port-set');
  return parts.join('+');
}
