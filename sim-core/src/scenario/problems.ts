/** Problems found in a scenario before it runs: every one at once, each with where and a hint. */
import type { SourceLoc } from './scenario.js';

export type ProblemCode =
  | 'unknown-system'
  | 'unknown-task'
  | 'unknown-thread'
  | 'unknown-action'
  | 'duplicate-task'
  | 'duplicate-pid'
  | 'duplicate-thread'
  | 'duplicate-fd'
  | 'duplicate-path'
  | 'fd-out-of-range'
  | 'bad-mode'
  | 'relative-path'
  | 'missing-file'
  | 'bad-dup'
  | 'not-a-directory'
  | 'interpreter-loop'
  | 'unsupported-on-system'
  | 'bad-value'
  | 'bad-reference'
  /** A field of the wrong type (a string where a number belongs, …). */
  | 'wrong-type'
  /** A required field is absent. */
  | 'missing-field'
  /** An expectation kind that neither the core nor the scenario's system knows. */
  | 'unknown-expectation';

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly hint?: string;
  /** Where in the source, when the scenario came from text. */
  readonly loc?: SourceLoc;
  /** Where in the Scenario object, e.g. `tasks[0].fds[2].fd`. */
  readonly at: string;
}

/** Thrown by the Engine constructor for a scenario that cannot run. */
export class InvalidScenarioError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(`invalid scenario: ${problems.map((p) => p.message).join('; ')}`);
  }
}
