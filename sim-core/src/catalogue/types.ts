/**
 * The phase catalogue: one entry per exec phase of every system, the single
 * source that the engine, the debugger (frame names, pseudo-code sources,
 * function breakpoints), the language server (hover, completion) and the docs read.
 */
import type { Errno } from '../model/errno.js';
import type { ActorKind } from '../engine/events.js';
import type { SystemId } from '../scenario/scenario.js';

export interface Citation {
  /** Source tree, as tagged in exec-reference.md §0 (LINUX, HURD, GLIBC, FBSD, …) or a seed file. */
  readonly source: string;
  readonly file: string;
  readonly function: string;
}

export interface PhaseError {
  readonly errno: Errno;
  /** When the phase returns it. */
  readonly when: string;
}

export interface PhaseInfo {
  /** Stable id, `<system>.<area>.<name>` or `<system>.<name>`. */
  readonly id: string;
  readonly system: SystemId;
  /** Position in the system's exec path (exec-reference tables), for ordering. */
  readonly order: number;
  readonly actor: ActorKind;
  /** Short name shown in call stacks, e.g. `do_open_execat`. */
  readonly title: string;
  /** One line: what the phase does. */
  readonly summary: string;
  readonly citations: readonly Citation[];
  /** A few lines of pseudo-code the debugger shows as the phase's source. */
  readonly pseudo: readonly string[];
  readonly errors: readonly PhaseError[];
  /** The phase that crosses the point of no return. */
  readonly pointOfNoReturn?: boolean;
  /** Whether a failure here can still be reported to the old program. */
  readonly failureVisible: 'yes' | 'no' | 'not-applicable';
}
