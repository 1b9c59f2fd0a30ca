/**
 * Copies of the two records every state change rebuilds — the kernel state
 * and a task — with some fields replaced, written out field by field. V8
 * copies an object spread (`{ ...state, fs }`) of this many fields through a
 * slow generic path, and the copy keeps most fields out of line: measured,
 * the spread cost several times the whole rest of a simple statement. The
 * fields are listed in the order the initial state builds them, so a copy
 * serialises exactly like the spread it replaces.
 */
import type { KernelState, Task } from './state.js';

export type StatePatch = { readonly [K in keyof KernelState]?: KernelState[K] };
export type TaskPatch = { readonly [K in keyof Task]?: Task[K] };

/** `{ ...s, ...p }` for a kernel state. */
export function withState(s: KernelState, p: StatePatch): KernelState {
  return {
    system: p.system !== undefined ? p.system : s.system,
    machine: p.machine !== undefined ? p.machine : s.machine,
    fs: p.fs !== undefined ? p.fs : s.fs,
    descriptions: p.descriptions !== undefined ? p.descriptions : s.descriptions,
    fdTables: p.fdTables !== undefined ? p.fdTables : s.fdTables,
    mms: p.mms !== undefined ? p.mms : s.mms,
    tasks: p.tasks !== undefined ? p.tasks : s.tasks,
    names: p.names !== undefined ? p.names : s.names,
    next: p.next !== undefined ? p.next : s.next,
    ext: p.ext !== undefined ? p.ext : s.ext,
  };
}

/** `{ ...t, ...p }` for a task. */
export function withTask(t: Task, p: TaskPatch): Task {
  return {
    pid: p.pid !== undefined ? p.pid : t.pid,
    ppid: p.ppid !== undefined ? p.ppid : t.ppid,
    name: p.name !== undefined ? p.name : t.name,
    comm: p.comm !== undefined ? p.comm : t.comm,
    exe: p.exe !== undefined ? p.exe : t.exe,
    kind: p.kind !== undefined ? p.kind : t.kind,
    leader: p.leader !== undefined ? p.leader : t.leader,
    threads: p.threads !== undefined ? p.threads : t.threads,
    creds: p.creds !== undefined ? p.creds : t.creds,
    noNewPrivs: p.noNewPrivs !== undefined ? p.noNewPrivs : t.noNewPrivs,
    ptraced: p.ptraced !== undefined ? p.ptraced : t.ptraced,
    cwd: p.cwd !== undefined ? p.cwd : t.cwd,
    root: p.root !== undefined ? p.root : t.root,
    umask: p.umask !== undefined ? p.umask : t.umask,
    files: p.files !== undefined ? p.files : t.files,
    mm: p.mm !== undefined ? p.mm : t.mm,
    signals: p.signals !== undefined ? p.signals : t.signals,
    rlimits: p.rlimits !== undefined ? p.rlimits : t.rlimits,
    nprocExceeded: p.nprocExceeded !== undefined ? p.nprocExceeded : t.nprocExceeded,
    capabilityMode: p.capabilityMode !== undefined ? p.capabilityMode : t.capabilityMode,
    status: p.status !== undefined ? p.status : t.status,
    vforkParent: p.vforkParent !== undefined ? p.vforkParent : t.vforkParent,
    ext: p.ext !== undefined ? p.ext : t.ext,
  };
}
