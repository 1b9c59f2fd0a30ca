/**
 * A language section: the statements one system adds to the scenario language.
 * Its grammar rules live in `<system>.langium` and are listed among the
 * alternatives of execsim.langium; this object lowers them to the Scenario,
 * prints them back, and names the system that accepts them. A statement owned
 * by sections of other systems only is reported with a hint naming them.
 *
 * Calls are the exception: which system runs which call is sim-core's
 * personality registry (`personalityFor(system).actions`), checked by
 * sim-core's validateScenario; sections lower and print their calls but do
 * not list them in `owns`, so nothing is checked twice.
 */
import type { AstNode } from 'langium';
import type { ActionSpec, ExpectationSpec, FdSpec, MachineSpec, SystemId, TaskSpec } from '../../../../sim-core/src/scenario/scenario.js';
import type { ActionCall } from '../../../../sim-core/src/scenario/actions.js';
import type { ExpectationBody } from '../../../../sim-core/src/scenario/expectations.js';
import type { LoweringContext } from '../lowering/context.js';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type MachineDraft = Mutable<MachineSpec>;
export type TaskDraft = Mutable<Omit<TaskSpec, 'creds'>> & { creds?: Mutable<NonNullable<TaskSpec['creds']>> };

/** An expectation about a task, without the task: `{ what: 'auxv', key, value }`. */
export type TaskCheckBody = DistributiveOmit<Extract<ExpectationBody, { task: string }>, 'task' | 'thread'>;

/** An expectation about an action, without the action: `{ what: 'kernel-errno', errno }`. */
export type OutcomeBody = DistributiveOmit<Extract<ExpectationBody, { action: number }>, 'action'>;

/** The fields of an fd entry a section adds (CloudABI's rights). */
export type FdDraft = Mutable<Partial<FdSpec>>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface LanguageSection {
  /** The system whose statements these are. */
  readonly system: SystemId;
  /** AST types this section owns, with the word a user writes for them (shown in messages). */
  readonly owns: Readonly<Record<string, (node: AstNode) => string>>;

  /** Lowers an entry of `machine { … }`. Returns false if it is not this section's. */
  lowerMachineEntry?(node: AstNode, machine: MachineDraft, cx: LoweringContext): boolean;
  /** Lowers a task attribute; `at` is the task's path (`tasks[2]`). */
  lowerTaskAttr?(node: AstNode, task: TaskDraft, at: string, cx: LoweringContext): boolean;
  /** Lowers an attribute of `fd N = …`; `at` is the fd's path (`tasks[0].fds[3]`). Returns false if it is not this section's. */
  lowerFdAttr?(node: AstNode, fd: FdDraft, at: string, cx: LoweringContext): boolean;
  /** Lowers the outcome of `expect ACTION …`; undefined if not this section's. */
  lowerOutcome?(node: AstNode, cx: LoweringContext): OutcomeBody | undefined;
  /** Lowers an `expect TASK …` check; undefined if not this section's. */
  lowerTaskCheck?(node: AstNode, cx: LoweringContext): TaskCheckBody | undefined;
  /** Lowers a call only this section has; undefined if not this section's. */
  lowerCall?(node: AstNode, cx: LoweringContext): ActionCall | undefined;

  /** Lines inside `machine { … }` for this section's fields. */
  printMachine?(machine: MachineSpec): string[];
  /** Lines inside `task … { … }` for this section's fields. */
  printTask?(task: TaskSpec): string[];
  /** Words after an fd entry's flags for this section's fields. */
  printFdAttrs?(fd: FdSpec): string[];
  /** The words after `expect ACTION ` for this section's outcome kinds. */
  printOutcome?(body: OutcomeBody): string | undefined;
  /** The words after `expect TASK ` for this section's expectation kinds. */
  printTaskCheck?(body: TaskCheckBody): string | undefined;
  /** The words after `TASK: ` for this section's calls. */
  printCall?(action: ActionSpec): string | undefined;
  /** The whole expectation line for kinds that are not about a task. */
  printExpectation?(e: ExpectationSpec): string | undefined;
}
