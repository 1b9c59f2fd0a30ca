/**
 * Messages between tasks as recorded events: an RPC moves the rights it
 * carries into the receiver's space (with their dispositions), runs the
 * server's routine on one of its threads, and moves the reply's rights back.
 * Like a MIG server loop (GLIBC mach/msgserver.c: mach_msg_server_timeout), a
 * routine that fails has the request's rights destroyed for it; one that
 * succeeds owns them and must deallocate what it does not keep.
 */
import type { ActorKind } from '../../engine/events.js';
import { SysError, type Kernel } from '../../engine/kernel.js';
import type { Errno } from '../../model/errno.js';
import type { Pid, Tid } from '../../model/state.js';
import type { Party, RightMove, RightsOp } from './events.js';
import {
  deallocate,
  destroyName,
  destroyNames,
  entryOf,
  insertReceive,
  insertSend,
  insertSendOnce,
  MachError,
  modRefs,
  portOf,
  spaceOf,
  withWorld,
  worldOf,
  type Disposition,
  type RightEffect,
} from './mach-ports.js';
import type { HurdWorld, PortId, PortName, SpaceId } from './state.js';
import { compactNames as compactList } from './labels.js';

// ------------------------------------------------------------------ who is who

export function pidOfSpace(w: HurdWorld, space: SpaceId): Pid | null {
  return w.tasks.get(space)?.pid ?? null;
}

export function spaceLabel(k: Kernel | null, w: HurdWorld, space: SpaceId): string {
  const pid = pidOfSpace(w, space);
  const task = pid !== null && k ? k.state.tasks.get(pid) : undefined;
  const name = task ? task.name : (w.tasks.get(space)?.name ?? `task${space}`);
  return pid !== null ? `${name}(${pid})` : name;
}

export function party(k: Kernel, space: SpaceId | null): Party {
  const w = worldOf(k.state);
  if (space === null) return { space: null, pid: null, label: 'mach' };
  return { space, pid: pidOfSpace(w, space), label: spaceLabel(k, w, space) };
}

/** The thread a task uses to serve requests: libports' worker, else its main thread. */
export function serverThread(k: Kernel, space: SpaceId): { pid: Pid; tid: Tid } {
  const w = worldOf(k.state);
  const pid = pidOfSpace(w, space);
  const task = pid !== null ? k.state.tasks.get(pid) : undefined;
  if (!task || task.threads.length === 0) return { pid: pid ?? 0, tid: 0 };
  const worker = task.threads.find((t) => t.name === 'worker');
  return { pid: task.pid, tid: (worker ?? task.threads.find((t) => t.tid === task.leader) ?? task.threads[0]!).tid };
}

export function actorOfSpace(k: Kernel, space: SpaceId): ActorKind {
  const w = worldOf(k.state);
  const role = w.servers.get(space)?.role;
  switch (role) {
    case 'fs':
    case 'pflocal':
      return 'fs';
    case 'exec':
      return 'exec-server';
    case 'proc':
      return 'proc';
    case 'auth':
      return 'auth';
    default:
      return 'glibc';
  }
}

// ------------------------------------------------------------------ rights outside messages

function recordRights(k: Kernel, w: HurdWorld, op: RightsOp, space: SpaceId | null, names: readonly PortName[], detail: string): void {
  k.change(withWorld(k.state, w), { kind: 'hurd-rights', op, space, pid: space === null ? null : pidOfSpace(w, space), names, detail });
}

function machFail(k: Kernel, e: unknown): never {
  if (e instanceof MachError) {
    const errno: Errno = e.code === 'MACH_SEND_INVALID_DEST' ? 'MACH_SEND_INVALID_DEST' : 'EINVAL';
    k.fail(errno, `${e.code}: ${e.detail}`);
  }
  throw e;
}

/**
 * Reports what a change of rights caused elsewhere: dead names in other
 * spaces, and no-senders notifications, which libports answers by destroying
 * the object's receive right (ports_no_senders → the class's clean routine).
 */
export function applyEffects(k: Kernel, effects: readonly RightEffect[]): void {
  for (const fx of effects) {
    const w = worldOf(k.state);
    switch (fx.kind) {
      case 'port-died':
        break;
      case 'dead-name': {
        const p = portOf(w, fx.port);
        recordRights(k, w, 'dead-name', fx.space, [fx.name], `name ${fx.name} is now a dead name (${p.label} died)`);
        break;
      }
      case 'no-senders': {
        const p = portOf(w, fx.port);
        if (!p.receiver || p.receiver === 'kernel') break;
        const { space, name } = p.receiver;
        recordRights(k, w, 'no-senders', space, [name], `no-senders notification for ${p.label}: ${noSendersReaction(p.object.kind)}`);
        if (p.object.kind === 'execboot' && p.object.boot) deadboot(k, space, fx.port);
        destroy(k, space, name, `${p.label} has no senders left`);
        break;
      }
    }
  }
}

function noSendersReaction(kind: string): string {
  switch (kind) {
    case 'execboot':
      return 'the exec server frees the bootinfo (deadboot) and its port';
    case 'io':
    case 'ctty':
      return 'the server frees the protid and its port';
    case 'auth':
      return 'the auth server frees the handle';
    default:
      return 'the server frees the object';
  }
}

/** HURD exec/main.c deadboot: the exec server drops what a bootinfo still holds. */
function deadboot(k: Kernel, space: SpaceId, bootPort: PortId): void {
  const w = worldOf(k.state);
  const obj = portOf(w, bootPort).object;
  if (obj.kind !== 'execboot' || !obj.boot) return;
  const leftovers = [...obj.boot.dtable, ...obj.boot.portarray].filter((n) => n !== 0);
  if (leftovers.length) deallocMany(k, space, leftovers, 'deadboot: rights the new program never asked for');
}

export function dealloc(k: Kernel, space: SpaceId, name: PortName, why: string): void {
  if (name === 0) return;
  const w = worldOf(k.state);
  let result: [HurdWorld, RightEffect[]];
  try {
    result = deallocate(w, space, name);
  } catch (e) {
    machFail(k, e);
  }
  recordRights(k, result[0], 'deallocate', space, [name], `mach_port_deallocate ${name}: ${why}`);
  applyEffects(k, result[1]);
}

export function destroy(k: Kernel, space: SpaceId, name: PortName, why: string): void {
  if (name === 0) return;
  const w = worldOf(k.state);
  let result: [HurdWorld, RightEffect[]];
  try {
    result = destroyName(w, space, name);
  } catch (e) {
    machFail(k, e);
  }
  recordRights(k, result[0], 'destroy', space, [name], `mach_port_destroy ${name}: ${why}`);
  applyEffects(k, result[1]);
}

export function addRefs(k: Kernel, space: SpaceId, name: PortName, delta: number, why: string): void {
  const w = worldOf(k.state);
  let result: [HurdWorld, RightEffect[]];
  try {
    result = modRefs(w, space, name, 'send', delta);
  } catch (e) {
    machFail(k, e);
  }
  recordRights(k, result[0], 'mod-refs', space, [name], `mach_port_mod_refs ${name} send ${delta > 0 ? '+' : ''}${delta}: ${why}`);
  applyEffects(k, result[1]);
}

/** Deallocates each name once (names may repeat), as one event; names already gone are skipped like the exec server's unchecked calls. */
export function deallocMany(k: Kernel, space: SpaceId, names: readonly PortName[], why: string): PortName[] {
  let w = worldOf(k.state);
  const effects: RightEffect[] = [];
  const failed: PortName[] = [];
  for (const name of names) {
    if (name === 0) continue;
    try {
      const [w2, fx] = deallocate(w, space, name);
      w = w2;
      effects.push(...fx);
    } catch (e) {
      if (!(e instanceof MachError)) throw e;
      failed.push(name);
    }
  }
  const done = names.filter((n) => n !== 0);
  recordRights(k, w, 'deallocate', space, done, `mach_port_deallocate × ${done.length}: ${why}${failed.length ? ` (no such right: ${compactList(failed)})` : ''}`);
  applyEffects(k, effects);
  return failed;
}

/** Destroys each name (skipping names already gone), as one event. */
export function destroyMany(k: Kernel, space: SpaceId, names: readonly PortName[], why: string): PortName[] {
  const [w, effects, failed] = destroyNames(worldOf(k.state), space, names);
  recordRights(k, w, 'destroy', space, names, `mach_port_destroy × ${names.length}: ${why}${failed.length ? ` (already gone: ${compactList(failed)})` : ''}`);
  applyEffects(k, effects);
  return failed;
}

// ------------------------------------------------------------------ messages

export interface RightArg {
  readonly what: string;
  /** Name in the sender's space; 0 sends nothing. */
  readonly name: PortName;
  readonly disposition: Disposition;
}

/** Moves the rights of a message from one space into another; returns the moves and the new world. */
export function carry(w: HurdWorld, from: SpaceId, to: SpaceId, rights: readonly RightArg[]): [HurdWorld, RightMove[]] {
  const moves: RightMove[] = [];
  for (const r of rights) {
    if (r.name === 0) {
      moves.push({ what: r.what, disposition: r.disposition, port: 0, from: 0, to: 0 });
      continue;
    }
    const e = entryOf(w, from, r.name);
    if (!e) throw new MachError('MACH_SEND_INVALID_RIGHT', `${r.what}: no name ${r.name} in the sender's space`);
    const port = e.port;
    let toName: PortName;
    switch (r.disposition) {
      case 'COPY_SEND':
        if (e.send === 0) throw new MachError('MACH_SEND_INVALID_RIGHT', `${r.what}: name ${r.name} has no send right (COPY_SEND)`);
        [w, toName] = insertSend(w, to, port);
        break;
      case 'MOVE_SEND': {
        if (e.send === 0) throw new MachError('MACH_SEND_INVALID_RIGHT', `${r.what}: name ${r.name} has no send right (MOVE_SEND)`);
        [w, toName] = insertSend(w, to, port);
        [w] = modRefs(w, from, r.name, 'send', -1);
        break;
      }
      case 'MAKE_SEND':
        if (!e.receive) throw new MachError('MACH_SEND_INVALID_RIGHT', `${r.what}: name ${r.name} has no receive right (MAKE_SEND)`);
        [w, toName] = insertSend(w, to, port);
        break;
      case 'MAKE_SEND_ONCE':
        if (!e.receive) throw new MachError('MACH_SEND_INVALID_RIGHT', `${r.what}: name ${r.name} has no receive right (MAKE_SEND_ONCE)`);
        [w, toName] = insertSendOnce(w, to, port);
        break;
      case 'MOVE_SEND_ONCE': {
        if (!e.sendOnce) throw new MachError('MACH_SEND_INVALID_RIGHT', `${r.what}: name ${r.name} is not a send-once right`);
        [w, toName] = insertSendOnce(w, to, port);
        [w] = deallocate(w, from, r.name);
        break;
      }
      case 'MOVE_RECEIVE': {
        if (!e.receive) throw new MachError('MACH_SEND_INVALID_RIGHT', `${r.what}: name ${r.name} has no receive right`);
        const s = spaceOf(w, from);
        const rest = { ...e, receive: false };
        const entries = rest.send === 0 && !rest.sendOnce && rest.dead === 0 ? s.entries.delete(e.name) : s.entries.set(e.name, rest);
        const byPort = entries.has(e.name) ? s.byPort : s.byPort.delete(port);
        w = { ...w, spaces: w.spaces.set(from, { ...s, entries, byPort, free: entries.has(e.name) ? s.free : { name: e.name, next: s.free } }) };
        [w, toName] = insertReceive(w, to, port);
        break;
      }
    }
    moves.push({ what: r.what, disposition: r.disposition, port, from: r.name, to: toName });
  }
  return [w, moves];
}

/**
 * Thrown where a reply would go back to a thread that no longer exists (the
 * exec server terminated it, or its task): the reply is discarded, and the
 * code that made the call never runs again.
 */
export class CallerGone extends Error {
  constructor(
    readonly rpc: string,
    readonly result: string,
  ) {
    super(`${rpc}: the calling thread is gone; the reply (${result}) is discarded`);
  }
}

function callerAlive(k: Kernel, pid: Pid, tid: Tid): boolean {
  const t = k.state.tasks.get(pid);
  return !!t && t.status.state === 'running' && t.threads.some((th) => th.tid === tid);
}

/** What a server routine received: the names the rights got in its space. */
export interface Request {
  readonly space: SpaceId;
  readonly moves: readonly RightMove[];
  /**
   * Received name for each right, in order (0 for a null right). Like MIG's
   * request buffer the routine may rewrite it (exec_reauth does); what it
   * holds when the routine fails is what gets destroyed.
   */
  readonly names: PortName[];
}

export interface Served<T> {
  readonly value: T;
  /** Reply values shown in the trace. */
  readonly out?: readonly string[];
  /** Rights in the reply, as names in the server's space. */
  readonly rights?: readonly RightArg[];
}

export interface Call {
  /** The sending task's space. */
  readonly from: SpaceId;
  /** Destination: a name in the sender's space holding a send (or send-once) right. */
  readonly dest: PortName;
  readonly rpc: string;
  readonly args?: readonly string[];
  readonly rights?: readonly RightArg[];
  /** Label of the server's actor frame (default: the RPC name). */
  readonly label?: string;
  /** A simpleroutine: no reply message. */
  readonly oneway?: boolean;
}

export interface Answer<T> {
  readonly value: T;
  /** Names of the reply's rights in the caller's space. */
  readonly names: readonly PortName[];
}

/** Resolves an RPC's destination: the port and the space that will receive it. */
export function destination(k: Kernel, from: SpaceId, name: PortName, rpc: string): { port: PortId; server: SpaceId | 'kernel' } {
  const w = worldOf(k.state);
  const e = entryOf(w, from, name);
  if (!e || (e.send === 0 && !e.sendOnce && !e.receive)) {
    k.fail('MACH_SEND_INVALID_DEST', `${rpc}: ${name === 0 ? 'MACH_PORT_NULL' : `name ${name}`} is not a send right of ${spaceLabel(k, w, from)}${e?.dead ? ' (it is a dead name)' : ''}`);
  }
  const port = portOf(w, e.port);
  if (!port.receiver) k.fail('MACH_SEND_INVALID_DEST', `${rpc}: ${port.label} is dead`);
  return { port: port.id, server: port.receiver === 'kernel' ? 'kernel' : port.receiver.space };
}

/**
 * Sends a request, runs the server's routine and returns its reply. A routine
 * that throws SysError fails the RPC: its request rights are destroyed and the
 * error is thrown on to the caller.
 */
export function rpc<T>(k: Kernel, call: Call, serve: (req: Request) => Served<T>): Answer<T> {
  const { port: destPort, server } = destination(k, call.from, call.dest, call.rpc);
  if (server === 'kernel') throw new Error(`internal: ${call.rpc} goes to the kernel; use kernelCall`);
  let w = worldOf(k.state);
  const callNo = w.next.call;
  w = { ...w, next: { ...w.next, call: callNo + 1 } };
  let moves: RightMove[];
  try {
    [w, moves] = carry(w, call.from, server, call.rights ?? []);
  } catch (e) {
    machFail(k, e);
  }
  const from = party(k, call.from);
  const to = party(k, server);
  k.change(withWorld(k.state, w), {
    kind: 'hurd-rpc',
    call: callNo,
    rpc: call.rpc,
    from,
    to,
    dest: { port: destPort, name: call.dest, label: portOf(w, destPort).label },
    args: call.args ?? [],
    rights: moves,
  });
  const names = moves.map((m) => m.to);
  const { pid, tid } = serverThread(k, server);
  const callerPid = k.currentPid;
  const callerTid = k.currentTid;
  let served: Served<T>;
  try {
    served = k.actor(actorOfSpace(k, server), call.label ?? call.rpc, pid, tid, () => serve({ space: server, moves, names }));
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    // mach_msg_server: a failed routine's request is destroyed (its rights released).
    const carried = moves.map((m, i) => ({ ...m, to: names[i]! })).filter((m) => m.to !== 0);
    if (carried.length) releaseRequest(k, server, carried);
    if (!call.oneway) {
      const gone = !callerAlive(k, callerPid, callerTid);
      k.emit({
        kind: 'hurd-reply',
        call: callNo,
        rpc: call.rpc,
        from: party(k, server),
        to: gone ? { space: null, pid: callerPid, label: 'dead reply port' } : party(k, call.from),
        result: e.errno,
        out: gone ? [e.detail, 'the caller is gone: reply discarded'] : [e.detail],
        rights: [],
      });
      if (gone) throw new CallerGone(call.rpc, e.errno);
    }
    throw e;
  }
  if (!call.oneway && !callerAlive(k, callerPid, callerTid)) {
    k.emit({ kind: 'hurd-reply', call: callNo, rpc: call.rpc, from: party(k, server), to: { space: null, pid: callerPid, label: 'dead reply port' }, result: 'ok', out: ['the caller is gone: reply discarded'], rights: [] });
    throw new CallerGone(call.rpc, 'ok');
  }
  let replyMoves: RightMove[] = [];
  if (served.rights?.length) {
    let w2 = worldOf(k.state);
    try {
      [w2, replyMoves] = carry(w2, server, call.from, served.rights);
    } catch (e) {
      machFail(k, e);
    }
    k.change(withWorld(k.state, w2), {
      kind: 'hurd-reply',
      call: callNo,
      rpc: call.rpc,
      from: party(k, server),
      to: party(k, call.from),
      result: 'ok',
      out: served.out ?? [],
      rights: replyMoves,
    });
  } else if (!call.oneway) {
    k.emit({ kind: 'hurd-reply', call: callNo, rpc: call.rpc, from: party(k, server), to: party(k, call.from), result: 'ok', out: served.out ?? [], rights: [] });
  }
  return { value: served.value, names: replyMoves.map((m) => m.to) };
}

/** mach_msg_destroy of a request: one reference of each right it carried. */
function releaseRequest(k: Kernel, space: SpaceId, moves: readonly RightMove[]): void {
  let w = worldOf(k.state);
  const effects: RightEffect[] = [];
  for (const m of moves) {
    const e = entryOf(w, space, m.to);
    if (!e) continue;
    const [w2, fx] = m.disposition === 'MOVE_RECEIVE' ? destroyName(w, space, m.to) : deallocate(w, space, m.to);
    w = w2;
    effects.push(...fx);
  }
  recordRights(k, w, 'deallocate', space, moves.map((m) => m.to), 'the failed request is destroyed (mach_msg_server)');
  applyEffects(k, effects);
}

/**
 * A call to the kernel on a kernel port (task_*, thread_*, mach_port_* on
 * another task): recorded as a request and a reply around its effect.
 */
export function kernelCall<T>(
  k: Kernel,
  call: { from: SpaceId; dest: PortName; rpc: string; args?: readonly string[] },
  effect: () => { value: T; out?: readonly string[] },
): T {
  const { port, server } = destination(k, call.from, call.dest, call.rpc);
  if (server !== 'kernel') throw new Error(`internal: ${call.rpc} is not a kernel call`);
  const w = worldOf(k.state);
  const callNo = w.next.call;
  k.change(withWorld(k.state, { ...w, next: { ...w.next, call: callNo + 1 } }), {
    kind: 'hurd-rpc',
    call: callNo,
    rpc: call.rpc,
    from: party(k, call.from),
    to: party(k, null),
    dest: { port, name: call.dest, label: portOf(w, port).label },
    args: call.args ?? [],
    rights: [],
  });
  try {
    const r = effect();
    k.emit({ kind: 'hurd-reply', call: callNo, rpc: call.rpc, from: party(k, null), to: party(k, call.from), result: 'ok', out: r.out ?? [], rights: [] });
    return r.value;
  } catch (e) {
    if (e instanceof SysError) {
      k.emit({ kind: 'hurd-reply', call: callNo, rpc: call.rpc, from: party(k, null), to: party(k, call.from), result: e.errno, out: [e.detail], rights: [] });
    }
    throw e;
  }
}


/** A call whose error the real code does not check: the failure is noted and ignored. */
export function unchecked(k: Kernel, what: string, body: () => void): void {
  try {
    body();
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    k.note(`${what} failed (${e.errno}); the error is not checked`);
  }
}
