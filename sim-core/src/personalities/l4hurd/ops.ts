/**
 * L4-Hurd state changes that record their events: messages, send rights on
 * task objects, object handles, and the log of what exec called.
 */
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import type { Pid } from '../../model/state.js';
import { l4task, serverName, withL4Task, withWorld, world, type L4Handle, type L4Server } from './state.js';

/** `glibc (pid 100)`: how a task's side of a message is named. */
export function party(k: Kernel, role: string, pid: Pid): string {
  return `${role} (pid ${pid}, ${taskOf(k.state, pid).name})`;
}

export function rpc(k: Kernel, from: string, to: string, op: string): void {
  k.emit({ kind: 'l4hurd-rpc', from, to, op });
}

/** A call made by the exec server: a message and an entry in the observed call log. */
export function execCall(k: Kernel, server: L4Server, op: string): void {
  const to = serverName(server);
  k.change(withWorld(k.state, (w) => ({ ...w, execCalls: [...w.execCalls, `${to}: ${op}`] })), { kind: 'l4hurd-rpc', from: 'exec server', to, op });
}

export function grantHolder(k: Kernel, pid: Pid, name: string, holderPid: Pid): void {
  k.change(
    withL4Task(k.state, pid, (t) => ({ ...t, holders: [...t.holders.filter((h) => h.name !== name), { name, pid: holderPid }] })),
    { kind: 'l4hurd-holder', pid, holder: name, change: 'granted' },
  );
}

export function removeHolder(k: Kernel, pid: Pid, name: string, change: 'revoked' | 'dropped'): void {
  if (!l4task(k.state, pid).holders.some((h) => h.name === name)) return;
  k.change(withL4Task(k.state, pid, (t) => ({ ...t, holders: t.holders.filter((h) => h.name !== name) })), {
    kind: 'l4hurd-holder',
    pid,
    holder: name,
    change,
  });
}

export function allocateHandle(k: Kernel, pid: Pid, server: L4Server, object: string, use: string): number {
  const id = world(k.state).nextHandle;
  const h: L4Handle = { id, server, object, use };
  const s = withWorld(k.state, (w) => ({ ...w, nextHandle: id + 1 }));
  k.change(withL4Task(s, pid, (t) => ({ ...t, handles: [...t.handles, h] })), { kind: 'l4hurd-handle', pid, handle: id, server, object, change: 'allocated' });
  return id;
}

export function deallocateHandle(k: Kernel, pid: Pid, id: number): void {
  const h = l4task(k.state, pid).handles.find((x) => x.id === id);
  if (!h) return;
  k.change(withL4Task(k.state, pid, (t) => ({ ...t, handles: t.handles.filter((x) => x.id !== id) })), {
    kind: 'l4hurd-handle',
    pid,
    handle: id,
    server: h.server,
    object: h.object,
    change: 'deallocated',
  });
}

export function handleById(k: Kernel, pid: Pid, id: number): L4Handle | undefined {
  return l4task(k.state, pid).handles.find((x) => x.id === id);
}

/** What the exec server holds for clients right now (non-empty only inside an exec call). */
export function setExecHolds(k: Kernel, holds: readonly string[], why: string): void {
  k.change(withWorld(k.state, (w) => ({ ...w, execHolds: holds })), { kind: 'note', text: why });
}
