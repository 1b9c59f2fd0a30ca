/**
 * What a personality adds to the views of the state: the debugger's scopes
 * and the query language's values for things only one system has (a Hurd
 * task's port namespace, the message in flight, the exec server's state).
 * Everything here is optional; a system without them shows the common views.
 */
import type { SimEvent } from '../engine/events.js';
import type { KernelState, Pid, Task } from '../model/state.js';
import type { QValue } from './values.js';

/** One group of values the debugger shows as a scope. */
export interface Section {
  /** Scope name: `FD table`, `Port namespace`, `Message in flight`. */
  readonly name: string;
  readonly value: QValue;
  /** Worth a click to open (the debugger then shows it collapsed). */
  readonly expensive?: boolean;
}

export interface StateInspector {
  /**
   * The personality keeps fds, credentials and the umask in its own state and
   * mirrors them in the core views (the Hurd: glibc's dtable, auth ports): an
   * edit of the core view alone would not reach the exec path, so the common
   * setters are not offered; `setCloexec` is, when given.
   */
  readonly ownsTaskState?: boolean;
  /** Sets or clears close-on-exec of a task's fd in the personality's state and the core mirror. */
  setCloexec?(state: KernelState, pid: Pid, fd: number, cloexec: boolean): KernelState;
  /** Sections of a task only this system has (port namespace, …), after the common ones. */
  taskSections?(state: KernelState, pid: Pid): readonly Section[];
  /** Sections about the event at the cursor (the message in flight, …); `earlier` reads the events before it. */
  eventSections?(state: KernelState, event: SimEvent, earlier: (seq: number) => SimEvent): readonly Section[];
  /** Sections about system-wide state (the exec server, …). */
  systemSections?(state: KernelState): readonly Section[];
  /** A task's port namespace for `ports(task)` and `task.ports`; undefined when the task has none. */
  portNamespace?(state: KernelState, task: Task, path: string): QValue | undefined;
  /**
   * Rights (besides fds) that reach a program started with a secure exec at
   * this event, one line each; the fd part is common (engine/incidents.ts).
   */
  secureExecLeaks?(before: KernelState, after: KernelState, event: SimEvent): readonly string[];
  /**
   * The task whose new program starts secure at this event, for a system that
   * does not say so with AT_SECURE (the Hurd: EXEC_SECURE in the startup
   * data), and the words that name it (`EXEC_SECURE`).
   */
  secureExecStart?(before: KernelState, after: KernelState, event: SimEvent): { readonly pid: Pid; readonly image: string | null; readonly flag: string } | undefined;
}
