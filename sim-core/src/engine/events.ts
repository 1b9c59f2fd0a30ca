/**
 * Everything the engine reports is an event: the debugger steps over them, the
 * CLI prints them, golden tests compare them. Each recorded event carries the
 * call chain (frame) active when it happened and the state after it.
 */
import type { Errno } from '../model/errno.js';
import type { SignalName } from '../model/signals.js';
import type { Credentials, SourceLoc, Access } from '../scenario/scenario.js';
import type { Fd, Pid, Tid } from '../model/state.js';

/** Who runs a piece of the exec path (exec-reference: "actor" column). */
export type ActorKind =
  | 'kernel'
  | 'glibc'
  | 'fs'
  | 'exec-server'
  | 'proc'
  | 'auth'
  | 'mach'
  | 'libc'
  | 'new-program'
  | 'caller';

/** One entry of the call chain: innermost first when walked through `parent`. */
export interface Frame {
  /** Unique within one run of a scenario (stable across time travel), for debugger frame ids. */
  readonly id: number;
  readonly kind: 'action' | 'expect' | 'actor' | 'phase';
  readonly parent: Frame | null;
  readonly depth: number;
  /** Display text: `shell: execve /bin/su`, `kernel: do_execveat_common`, `open_exec`. */
  readonly label: string;
  /** The task and thread executing this frame (a server's thread for server actors). */
  readonly pid: Pid;
  readonly tid: Tid;
  readonly action?: number;
  readonly expectation?: number;
  readonly loc?: SourceLoc;
  readonly actor?: ActorKind;
  readonly phase?: string;
  /** Current line of the phase's pseudo-code, 1-based. */
  readonly pc: number;
}

export type Outcome =
  | { readonly ok: true; readonly value?: number; readonly detail?: string }
  | { readonly ok: false; readonly errno: Errno; readonly detail: string; readonly phase?: string }
  | { readonly ok: false; readonly killed: SignalName; readonly detail: string; readonly phase?: string }
  | { readonly ok: false; readonly blocked: string };

export type FdCloseReason = 'close' | 'dup2' | 'close-on-exec' | 'exit' | 'exec-remap' | 'killed' | 'edit';

export type CoreEventBody =
  | { readonly kind: 'action-started'; readonly action: number }
  | { readonly kind: 'action-finished'; readonly action: number; readonly outcome: Outcome }
  | { readonly kind: 'action-deferred'; readonly action: number; readonly reason: string }
  | { readonly kind: 'actor-entered'; readonly actor: ActorKind; readonly label: string }
  | { readonly kind: 'actor-left'; readonly actor: ActorKind; readonly label: string }
  | { readonly kind: 'phase-entered'; readonly phase: string }
  | { readonly kind: 'phase-left'; readonly phase: string; readonly errno?: Errno }
  | {
      readonly kind: 'fd-opened';
      readonly pid: Pid;
      readonly fd: Fd;
      readonly target: string;
      readonly access: Access;
      readonly cloexec: boolean;
      readonly how: 'open' | 'dup' | 'dup2' | 'dup3' | 'fcntl' | 'pipe' | 'execfd' | 'exec-remap' | 'startup' | 'edit';
    }
  | { readonly kind: 'fd-closed'; readonly pid: Pid; readonly fds: readonly Fd[]; readonly reason: FdCloseReason }
  | { readonly kind: 'fd-changed'; readonly pid: Pid; readonly fd: Fd; readonly cloexec: boolean }
  | { readonly kind: 'fd-table-replaced'; readonly pid: Pid; readonly how: 'fork-copy' | 'unshare' | 'exec-remap'; readonly count: number }
  | { readonly kind: 'creds-changed'; readonly pid: Pid; readonly before: Credentials; readonly after: Credentials }
  | { readonly kind: 'task-created'; readonly pid: Pid; readonly parent: Pid; readonly how: string; readonly name: string }
  | { readonly kind: 'thread-created'; readonly pid: Pid; readonly tid: Tid; readonly name: string }
  | { readonly kind: 'thread-killed'; readonly pid: Pid; readonly tid: Tid; readonly reason: string }
  | { readonly kind: 'thread-renamed'; readonly pid: Pid; readonly fromTid: Tid; readonly toTid: Tid; readonly reason: string }
  | { readonly kind: 'thread-blocked'; readonly pid: Pid; readonly tid: Tid; readonly reason: string }
  | { readonly kind: 'thread-resumed'; readonly pid: Pid; readonly tid: Tid; readonly reason: string }
  | { readonly kind: 'pid-changed'; readonly from: Pid; readonly to: Pid; readonly reason: string }
  | {
      readonly kind: 'signal-changed';
      readonly pid: Pid;
      readonly what: 'disposition' | 'blocked' | 'pending';
      readonly detail: string;
    }
  | { readonly kind: 'task-changed'; readonly pid: Pid; readonly field: string; readonly from: string; readonly to: string }
  | { readonly kind: 'memory-changed'; readonly pid: Pid; readonly detail: string }
  | { readonly kind: 'error-returned'; readonly pid: Pid; readonly errno: Errno; readonly phase?: string }
  | { readonly kind: 'point-of-no-return'; readonly pid: Pid; readonly phase: string }
  | { readonly kind: 'process-killed'; readonly pid: Pid; readonly signal: SignalName; readonly reason: string }
  | { readonly kind: 'process-exited'; readonly pid: Pid; readonly status: number }
  | {
      readonly kind: 'expectation';
      readonly index: number;
      readonly passed: boolean;
      readonly expected: string;
      readonly seen: string;
    }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'user-edit'; readonly description: string };

/**
 * Events only one system has. A personality adds its own by augmenting this
 * interface (`declare module '…/engine/events.js' { interface ExtEvents { rpc: {kind: 'rpc', …} } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExtEvents {}

export type EventBody = CoreEventBody | ExtEvents[keyof ExtEvents];

export type EventKind = EventBody['kind'];

export type SimEvent = EventBody & {
  /** Position in the run, from 0. */
  readonly seq: number;
  /** Innermost frame when the event happened (null between actions). */
  readonly frame: Frame | null;
};

/** The frames of a chain, innermost first. */
export function frameChain(frame: Frame | null): Frame[] {
  const out: Frame[] = [];
  for (let f = frame; f; f = f.parent) out.push(f);
  return out;
}
