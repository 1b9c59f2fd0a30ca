/**
 * What the L4-Hurd exec protocol (SEEDS 003, Marcus Brinkmann, 20 May 2003)
 * needs beyond the generic state: the object handles a task holds in servers,
 * the holders of its task object (who can control it), the startup data exec
 * writes on the new task's stack, and the system servers themselves.
 */
import type { DescTarget, KernelState, Pid } from '../../model/state.js';
import type { Access } from '../../scenario/scenario.js';
import { taskOf } from '../../model/fds.js';

/** System servers of the simulation (all trusted by exec). */
export type L4Server = 'task' | 'exec' | 'fs' | 'auth' | 'proc';

/** A capability the task holds on an object implemented by a server. */
export interface L4Handle {
  readonly id: number;
  readonly server: L4Server;
  /** The object: a path for the filesystem, `uid 1000 gid 1000` for auth, `pid 100` for proc. */
  readonly object: string;
  /** What the task uses it for: `fd 3`, `cwd`, `root`, `auth`, `proc`, `new auth`. */
  readonly use: string;
  /** For an fd's handle: what the C library's fd table entry is rebuilt from. */
  readonly file?: { readonly target: DescTarget; readonly access: Access };
}

/** A send right on a task object: whoever holds one can suspend, trash or start the task. */
export interface L4Holder {
  readonly name: string;
  readonly pid: Pid;
}

/** The caller's array of words: exec copies it to the new stack without looking inside. */
export interface L4Words {
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  /** fds the new program keeps, with the handles behind them. */
  readonly fds: readonly { readonly fd: number; readonly handle: number }[];
  /** Initial ports: cwd, root, auth, proc. */
  readonly ports: readonly { readonly use: string; readonly handle: number }[];
  /** Handles of the old program the new task must deallocate itself (close-on-exec fds). */
  readonly dealloc: readonly number[];
}

/** The startup data on the new task's stack (SEEDS 003: "Set up the stack for the executable"). */
export interface L4StackArea {
  readonly words: L4Words;
  /** What only exec can provide. */
  readonly entry: string;
  readonly stackBase: string;
  readonly stackSize: number;
  readonly phdrs: readonly string[];
  /** The flags, so the program knows it is supposed to be secure. */
  readonly secure: boolean;
  /** The new auth handle of a secure program. */
  readonly auth: number | null;
}

export interface L4TaskState {
  readonly handles: readonly L4Handle[];
  readonly holders: readonly L4Holder[];
  /** Suspended by exec (task_suspend) until it starts the new program. */
  readonly suspended: boolean;
  readonly stack: L4StackArea | null;
}

export interface L4WorldState {
  /** pids of the server tasks. */
  readonly servers: Readonly<Record<L4Server, Pid>>;
  readonly nextHandle: number;
  /** What the exec server keeps for clients between calls: the protocol says nothing, ever. */
  readonly execHolds: readonly string[];
  /** Every call the exec server made, "server: operation", in order (an observation, not exec's state). */
  readonly execCalls: readonly string[];
}

declare module '../../model/state.js' {
  interface KernelExt {
    readonly l4hurd?: L4WorldState;
  }
  interface TaskExt {
    readonly l4hurd?: L4TaskState;
  }
}

export function world(state: KernelState): L4WorldState {
  const w = state.ext.l4hurd;
  if (!w) throw new Error('internal: no L4-Hurd world state');
  return w;
}

export function withWorld(state: KernelState, fn: (w: L4WorldState) => L4WorldState): KernelState {
  return { ...state, ext: { ...state.ext, l4hurd: fn(world(state)) } };
}

export function l4task(state: KernelState, pid: Pid): L4TaskState {
  const t = taskOf(state, pid).ext.l4hurd;
  if (!t) throw new Error(`internal: pid ${pid} has no L4-Hurd state`);
  return t;
}

export function withL4Task(state: KernelState, pid: Pid, fn: (t: L4TaskState) => L4TaskState): KernelState {
  const task = taskOf(state, pid);
  return { ...state, tasks: state.tasks.set(pid, { ...task, ext: { ...task.ext, l4hurd: fn(l4task(state, pid)) } }) };
}

/** `argv ["sh"], 1 fd, 4 ports, 1 to deallocate`: what the words carry, for traces. */
export function wordsText(w: L4Words): string {
  return `argv ${JSON.stringify(w.argv)}, ${w.envp.length} env, ${w.fds.length} fd(s), ${w.ports.length} port(s), ${w.dealloc.length} handle(s) to deallocate`;
}

/** `fd 3 → fs:/etc/motd`: the form used in traces and expectations. */
export function handleText(h: L4Handle): string {
  return `${h.use} → ${h.server}:${h.object}`;
}

export function serverName(server: L4Server): string {
  return server === 'task' ? 'task server' : server === 'exec' ? 'exec server' : server;
}
