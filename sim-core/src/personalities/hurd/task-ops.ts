/**
 * Kernel calls on task and thread ports (GNU Mach kern/task.c, kern/thread.c,
 * kern/ipc_tt.c; include/mach/mach.defs): task_create, task_suspend,
 * task_resume, task_terminate, task_threads + thread_terminate, vm_deallocate,
 * the bootstrap special port, thread_create. Each is a recorded request and
 * reply; a terminated task's space is destroyed with everything in it.
 */
import type { Kernel } from '../../engine/kernel.js';
import { fdTableOf, putFdTable, taskOf } from '../../model/fds.js';
import type { Pid } from '../../model/state.js';
import type { SignalName } from '../../model/signals.js';
import { putMm } from '../common/process-ops.js';
import { applyEffects, kernelCall, party, spaceLabel } from './ipc.js';
import { destroySpace, entryOf, insertSend, kernelSend, portOf, withWorld, worldOf, type RightEffect } from './mach-ports.js';
import { addThread, killThreadPorts, machTaskOf, setMachTask, updateHurd } from './tasks.js';
import type { PortName, SpaceId } from './state.js';

/** The task a name denotes in a space (a task port), for kernel calls. */
export function taskNamed(k: Kernel, space: SpaceId, name: PortName): SpaceId {
  const w = worldOf(k.state);
  const e = entryOf(w, space, name);
  const p = e ? portOf(w, e.port) : undefined;
  if (!p || p.object.kind !== 'task') k.fail('MACH_SEND_INVALID_DEST', `name ${name} is not a task port`);
  return p.object.task;
}

/** The name a space holds for a task's kernel port, inserting a send right if it has none (as task_create's reply does). */
export function taskPortName(k: Kernel, holder: SpaceId, task: SpaceId): PortName {
  const w = worldOf(k.state);
  const port = machTaskOf(w, task).port;
  const existing = w.spaces.get(holder)!.byPort.get(port);
  if (existing !== undefined) return existing;
  const [w2, name] = insertSend(w, holder, port);
  k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'insert', space: holder, pid: party(k, holder).pid, names: [name], detail: `send right ${name} to ${spaceLabel(k, w2, task)}'s task port` });
  return name;
}

export function taskSuspend(k: Kernel, from: SpaceId, task: PortName, delta: 1 | -1): void {
  const rpcName = delta > 0 ? 'task_suspend' : 'task_resume';
  kernelCall(k, { from, dest: task, rpc: rpcName }, () => {
    const t = taskNamed(k, from, task);
    const w = worldOf(k.state);
    const mt = machTaskOf(w, t);
    if (!mt.alive) k.fail('MACH_SEND_INVALID_DEST', 'the task is dead');
    const suspend = Math.max(0, mt.suspend + delta);
    k.change(withWorld(k.state, setMachTask(w, { ...mt, suspend })), { kind: 'task-changed', pid: mt.pid ?? 0, field: 'suspend count', from: String(mt.suspend), to: String(suspend) });
    return { value: undefined };
  });
}

/**
 * The end of a Mach task: the process it belongs to (if it still does) dies,
 * its threads' ports die, the kernel drops its bootstrap port, and its space
 * is destroyed (receive rights kill their ports: dead names elsewhere).
 */
export function terminateMachTask(k: Kernel, space: SpaceId, why: string, signal: SignalName = 'SIGKILL'): void {
  let w = worldOf(k.state);
  const mt = machTaskOf(w, space);
  if (!mt.alive) return;
  if (mt.pid !== null) {
    const task = k.state.tasks.get(mt.pid);
    if (task && task.ext.hurd?.task === space) killProcess(k, mt.pid, signal, why);
  }
  w = worldOf(k.state);
  const effects: RightEffect[] = [];
  let fx: RightEffect[];
  [w, fx] = killThreadPorts(w, space);
  effects.push(...fx);
  const boot = machTaskOf(w, space).bootstrap;
  if (boot !== null) {
    [w, fx] = kernelSend(w, boot, -1);
    effects.push(...fx);
  }
  const names = w.spaces.get(space)?.entries.keys() ?? [];
  [w, fx] = destroySpace(w, space);
  effects.push(...fx);
  const t = machTaskOf(w, space);
  w = setMachTask(w, { ...t, alive: false, pid: null, bootstrap: null, threadPorts: {} });
  const [w2, fx2] = portDiedSafe(w, t.port);
  effects.push(...fx2);
  k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'space-destroyed', space, pid: mt.pid, names, detail: `task ${mt.name} terminated (${why}): its ${names.length} name(s) go with its space` });
  applyEffects(k, effects);
}

function portDiedSafe(w: ReturnType<typeof worldOf>, port: number): [ReturnType<typeof worldOf>, RightEffect[]] {
  const p = portOf(w, port);
  if (!p.receiver) return [w, []];
  // The task port is the kernel's; holders' send rights become dead names.
  return portDied(w, port);
}

import { portDied } from './mach-ports.js';

/** The process dies with its task (no threads left, fds closed, memory gone). */
export function killProcess(k: Kernel, pid: Pid, signal: SignalName, reason: string): void {
  endProcess(k, pid, { signal, reason });
}

function endProcess(k: Kernel, pid: Pid, end: { signal: SignalName; reason: string } | { status: number }): void {
  const task = taskOf(k.state, pid);
  if (task.status.state !== 'running') return;
  const fds = fdTableOf(k.state, pid).slots.keys();
  let s = putFdTable(k.state, task.files);
  s = putMm(s, task.mm);
  const status = 'signal' in end ? { state: 'killed' as const, signal: end.signal } : { state: 'exited' as const, status: end.status };
  s = { ...s, tasks: s.tasks.set(pid, { ...taskOf(s, pid), threads: [], files: -1, mm: -1, status }) };
  s = updateHurd(s, pid, (h) => ({ ...h, glibc: null }));
  const why = 'signal' in end ? end.reason : 'exit';
  k.change(s, 'signal' in end ? { kind: 'process-killed', pid, signal: end.signal, reason: end.reason } : { kind: 'process-exited', pid, status: end.status });
  for (const t of task.threads) k.emit({ kind: 'thread-killed', pid, tid: t.tid, reason: why });
  if (fds.length) k.emit({ kind: 'fd-closed', pid, fds, reason: 'signal' in end ? 'killed' : 'exit' });
}

/** _exit: proc_mark_exit, then task_terminate(mach_task_self ()). */
export function killProcessExit(k: Kernel, pid: Pid, status: number): void {
  const space = taskOf(k.state, pid).ext.hurd!.task;
  k.note(`_exit(${status}): proc_mark_exit, then task_terminate(mach_task_self ())`);
  endProcess(k, pid, { status });
  terminateMachTask(k, space, `_exit(${status})`);
}

export function taskTerminate(k: Kernel, from: SpaceId, task: PortName, why: string): void {
  kernelCall(k, { from, dest: task, rpc: 'task_terminate' }, () => {
    const t = taskNamed(k, from, task);
    terminateMachTask(k, t, why);
    return { value: undefined };
  });
}

/** task_threads + thread_terminate of each: every thread of the task goes. */
export function terminateAllThreads(k: Kernel, from: SpaceId, task: PortName, why: string): number {
  const t = taskNamed(k, from, task);
  const mt = machTaskOf(worldOf(k.state), t);
  const tids = Object.keys(mt.threadPorts).map(Number);
  kernelCall(k, { from, dest: task, rpc: 'task_threads' }, () => ({ value: undefined, out: [`{${tids.map((tid) => `thread ${tid}`).join(' ')}}`] }));
  if (mt.pid === null) return 0;
  const pid = mt.pid;
  const proc = taskOf(k.state, pid);
  let [w, fx] = killThreadPorts(worldOf(k.state), t);
  const s = withWorld({ ...k.state, tasks: k.state.tasks.set(pid, { ...proc, threads: [] }) }, w);
  if (proc.threads.length === 0) {
    k.change(s, { kind: 'note', text: `${spaceLabel(k, w, t)} has no threads` });
  } else {
    const [first, ...rest] = proc.threads;
    k.change(s, { kind: 'thread-killed', pid, tid: first!.tid, reason: `thread_terminate (${why})` });
    for (const th of rest) k.emit({ kind: 'thread-killed', pid, tid: th.tid, reason: `thread_terminate (${why})` });
  }
  applyEffects(k, fx);
  void w;
  return proc.threads.length;
}

/** vm_deallocate of the whole address space: the image and glibc's memory are gone. */
export function deallocateAddressSpace(k: Kernel, pid: Pid): void {
  const task = taskOf(k.state, pid);
  const mm = k.state.mms.get(task.mm);
  if (!mm) return;
  k.change({ ...k.state, mms: k.state.mms.set(mm.id, { ...mm, image: null, mappings: [], argv: [], envp: [], variables: {} }) }, {
    kind: 'memory-changed',
    pid,
    detail: 'vm_deallocate(VM_MIN_ADDRESS..VM_MAX_ADDRESS): the whole address space is gone',
  });
}

/** task_get_bootstrap_port: a send right to the task's bootstrap special port (0 if none). */
export function getBootstrapPort(k: Kernel, from: SpaceId, task: PortName, rpcName = 'task_get_bootstrap_port'): PortName {
  return kernelCall(k, { from, dest: task, rpc: rpcName }, () => {
    const t = taskNamed(k, from, task);
    const w = worldOf(k.state);
    const boot = machTaskOf(w, t).bootstrap;
    if (boot === null) return { value: 0, out: ['MACH_PORT_NULL'] };
    const [w2, name] = insertSend(w, from, boot);
    k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'insert', space: from, pid: party(k, from).pid, names: [name], detail: `send right ${name} to ${portOf(w2, boot).label} (the bootstrap special port)` });
    return { value: name, out: [String(name)] };
  });
}

/** task_set_bootstrap_port: the kernel keeps its own send right (COPY_SEND of `port`; 0 clears it). */
export function setBootstrapPort(k: Kernel, from: SpaceId, task: PortName, port: PortName, rpcName = 'task_set_bootstrap_port'): void {
  kernelCall(k, { from, dest: task, rpc: rpcName, args: [port ? String(port) : 'MACH_PORT_NULL'] }, () => {
    const t = taskNamed(k, from, task);
    let w = worldOf(k.state);
    const mt = machTaskOf(w, t);
    const effects: RightEffect[] = [];
    let newPort: number | null = null;
    if (port !== 0) {
      const e = entryOf(w, from, port);
      if (!e || (e.send === 0 && !e.receive)) k.fail('EINVAL', `name ${port} is not a send right`);
      newPort = e.port;
      let fx;
      [w, fx] = kernelSend(w, newPort, 1);
      effects.push(...fx);
    }
    if (mt.bootstrap !== null) {
      let fx;
      [w, fx] = kernelSend(w, mt.bootstrap, -1);
      effects.push(...fx);
    }
    w = setMachTask(w, { ...machTaskOf(w, t), bootstrap: newPort });
    k.change(withWorld(k.state, w), {
      kind: 'hurd-rights',
      op: 'special-port',
      space: t,
      pid: mt.pid,
      names: [],
      detail: `${mt.name}'s bootstrap special port: ${mt.bootstrap === null ? 'none' : portOf(w, mt.bootstrap).label} → ${newPort === null ? 'none' : portOf(w, newPort).label}`,
    });
    applyEffects(k, effects);
    return { value: undefined };
  });
}

/** thread_create in a task: the process gets a thread (the first is its leader); the caller gets a send right to its port. */
export function threadCreate(k: Kernel, from: SpaceId, task: PortName, name: string): { tid: number; name: PortName } {
  return kernelCall(k, { from, dest: task, rpc: 'thread_create' }, () => {
    const t = taskNamed(k, from, task);
    const mt = machTaskOf(worldOf(k.state), t);
    if (mt.pid === null) k.fail('EINVAL', 'the task has no process');
    const [s, tid] = addThread(k.state, mt.pid, name, []);
    k.change(s, { kind: 'thread-created', pid: mt.pid, tid, name });
    const w = worldOf(k.state);
    const [w2, n] = insertSend(w, from, machTaskOf(w, t).threadPorts[tid]!);
    k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'insert', space: from, pid: party(k, from).pid, names: [n], detail: `send right ${n} to the new thread's port` });
    return { value: { tid, name: n }, out: [`thread ${n}`] };
  });
}

/** task_set_name (a GNU Mach extension used by the exec server's set_name). */
export function taskSetName(k: Kernel, from: SpaceId, task: PortName, name: string): void {
  kernelCall(k, { from, dest: task, rpc: 'task_set_name', args: [JSON.stringify(name)] }, () => {
    const t = taskNamed(k, from, task);
    const w = worldOf(k.state);
    const mt = machTaskOf(w, t);
    k.change(withWorld(k.state, setMachTask(w, { ...mt, name })), { kind: 'task-changed', pid: mt.pid ?? 0, field: 'task name', from: mt.name, to: name });
    return { value: undefined };
  });
}
