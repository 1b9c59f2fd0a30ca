/**
 * Mach tasks and the processes proc knows them as. A core Task is a process
 * (a pid); its Mach task (space, task port, threads' ports) lives in the Hurd
 * world. A secure exec gives a process a new Mach task; proc moves the pid.
 */
import { IntMap } from '../../persistent/int-map.js';
import { newFdTable, taskOf } from '../../model/fds.js';
import type { AddressSpace, KernelState, Pid, Task, Tid } from '../../model/state.js';
import type { Credentials } from '../../scenario/scenario.js';
import { createPort, newSpace, portDied, type RightEffect } from './mach-ports.js';
import type { GlibcState, HurdTask, HurdWorld, MachTask, SpaceId } from './state.js';

export function hurdOf(task: Task): HurdTask {
  const h = task.ext.hurd;
  if (!h) throw new Error(`internal: pid ${task.pid} has no Hurd state`);
  return h;
}

export function hurdTaskOf(state: KernelState, pid: Pid): HurdTask {
  return hurdOf(taskOf(state, pid));
}

export function glibcOf(state: KernelState, pid: Pid): GlibcState | null {
  return hurdTaskOf(state, pid).glibc;
}

export function spaceOfPid(state: KernelState, pid: Pid): SpaceId {
  return hurdTaskOf(state, pid).task;
}

export function machTaskOf(w: HurdWorld, space: SpaceId): MachTask {
  const t = w.tasks.get(space);
  if (!t) throw new Error(`internal: no Mach task ${space}`);
  return t;
}

export function setMachTask(w: HurdWorld, task: MachTask): HurdWorld {
  return { ...w, tasks: w.tasks.set(task.id, task) };
}

export function updateHurd(state: KernelState, pid: Pid, fn: (h: HurdTask) => HurdTask): KernelState {
  const t = taskOf(state, pid);
  return { ...state, tasks: state.tasks.set(pid, { ...t, ext: { ...t.ext, hurd: fn(hurdOf(t)) } }) };
}

export function updateGlibc(state: KernelState, pid: Pid, fn: (g: GlibcState) => GlibcState): KernelState {
  return updateHurd(state, pid, (h) => {
    if (!h.glibc) throw new Error(`internal: pid ${pid} has no glibc state`);
    return { ...h, glibc: fn(h.glibc) };
  });
}

/** task_create: a task with an empty space and its kernel port, no threads, no memory. */
export function createMachTask(w: HurdWorld, name: string, pid: Pid | null): [HurdWorld, SpaceId] {
  const id = w.next.space;
  w = { ...w, spaces: w.spaces.set(id, newSpace(id)), next: { ...w.next, space: id + 1 } };
  const [w2, port] = createPort(w, { kind: 'task', task: id }, `task ${name}`, 'kernel');
  const task: MachTask = { id, port, pid, name, suspend: 0, bootstrap: null, alive: true, threadPorts: {} };
  return [setMachTask(w2, task), id];
}

/** thread_create: the thread's kernel port. */
export function addThreadPort(w: HurdWorld, space: SpaceId, tid: Tid, label: string): HurdWorld {
  const [w2, port] = createPort(w, { kind: 'thread', task: space, tid }, `thread ${label}`, 'kernel');
  const t = machTaskOf(w2, space);
  return setMachTask(w2, { ...t, threadPorts: { ...t.threadPorts, [tid]: port } });
}

/** thread_terminate of every thread: their kernel ports die. */
export function killThreadPorts(w: HurdWorld, space: SpaceId): [HurdWorld, RightEffect[]] {
  const t = machTaskOf(w, space);
  const effects: RightEffect[] = [];
  for (const port of Object.values(t.threadPorts)) {
    const [w2, fx] = portDied(w, port);
    w = w2;
    effects.push(...fx);
  }
  return [setMachTask(w, { ...machTaskOf(w, space), threadPorts: {} }), effects];
}

export function emptyAddressSpace(id: number): AddressSpace {
  return { id, image: null, mappings: [], argv: [], envp: [], auxv: {}, variables: {}, users: 1 };
}

export interface ProcessSpec {
  readonly name: string;
  readonly ppid: Pid;
  readonly space: SpaceId;
  readonly creds: Credentials;
  readonly cwd: string;
  readonly root: string;
  readonly umask: number;
  readonly server?: HurdTask['server'];
}

/**
 * The process proc makes for a task it has not seen (proc/mgt.c: a task found
 * by task_find gets a pid): a core Task with no threads, an empty fd table
 * and an empty address space until something is loaded into it.
 */
export function createProcess(state: KernelState, spec: ProcessSpec, pidWanted?: Pid): [KernelState, Pid] {
  const pid = pidWanted ?? state.next.pid;
  const [s1, files] = newFdTable(state, IntMap.empty());
  const mm = s1.next.mm;
  const task: Task = {
    pid,
    ppid: spec.ppid,
    name: spec.name,
    comm: spec.name,
    exe: null,
    kind: 'user',
    leader: pid,
    threads: [],
    creds: spec.creds,
    noNewPrivs: false,
    ptraced: false,
    cwd: spec.cwd,
    root: spec.root,
    umask: spec.umask,
    files,
    mm,
    signals: { dispositions: {}, pending: [] },
    rlimits: { stack: 8 * 1024 * 1024, nproc: null },
    nprocExceeded: false,
    capabilityMode: false,
    status: { state: 'running' },
    vforkParent: null,
    ext: { hurd: { task: spec.space, originalTask: spec.space, glibc: null, ...(spec.server ? { server: spec.server } : {}) } },
  };
  const next = { ...s1.next, mm: mm + 1, pid: pidWanted === undefined ? pid + 1 : Math.max(s1.next.pid, pid + 1) };
  const w = s1.ext.hurd!;
  const t = machTaskOf(w, spec.space);
  return [
    {
      ...s1,
      mms: s1.mms.set(mm, emptyAddressSpace(mm)),
      tasks: s1.tasks.set(pid, task),
      names: { ...s1.names, [spec.name]: pid },
      next,
      ext: { ...s1.ext, hurd: setMachTask(w, { ...t, pid }) },
    },
    pid,
  ];
}

/** A new thread in a process (and its kernel port): the leader if it is the first. */
export function addThread(state: KernelState, pid: Pid, name: string, blocked: Task['threads'][number]['blocked']): [KernelState, Tid] {
  const task = taskOf(state, pid);
  const tid = state.next.pid;
  const space = hurdOf(task).task;
  const w = addThreadPort(state.ext.hurd!, space, tid, `${task.name}.${name}`);
  const threads = [...task.threads, { tid, name, blocked, run: { state: 'running' as const } }];
  const updated: Task = { ...task, threads, leader: task.threads.length === 0 ? tid : task.leader };
  return [{ ...state, tasks: state.tasks.set(pid, updated), next: { ...state.next, pid: tid + 1 }, ext: { ...state.ext, hurd: w } }, tid];
}
