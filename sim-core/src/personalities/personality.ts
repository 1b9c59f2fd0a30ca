/**
 * What a system contributes: its phases, the calls it implements, and hooks for
 * its own state. Each system lives in its own folder and reads like its real
 * call path; the engine knows nothing system-specific.
 */
import type { PhaseInfo } from '../catalogue/types.js';
import type { EventBody, Outcome } from '../engine/events.js';
import type { Kernel } from '../engine/kernel.js';
import type { KernelState, Pid, Tid } from '../model/state.js';
import type { ActionName } from '../scenario/actions.js';
import type { Problem } from '../scenario/problems.js';
import type { ActionSpec, ExpectationSpec, Scenario, SystemId } from '../scenario/scenario.js';
import type { StateInspector } from '../query/inspector.js';

export interface ActionContext {
  readonly action: ActionSpec;
  readonly scenario: Scenario;
  /** The calling process and thread. */
  readonly pid: Pid;
  readonly tid: Tid;
}

/** Runs one scenario action; returning nothing means success. Throw SysError to fail with an errno. */
export type ActionHandler = (k: Kernel, ctx: ActionContext) => Outcome | void;

export interface Personality {
  readonly system: SystemId;
  /** Display name, e.g. "GNU Hurd on Mach". */
  readonly title: string;
  readonly phases: readonly PhaseInfo[];
  readonly actions: { readonly [A in ActionName]?: ActionHandler };
  /** Adds system state after the generic world is built (servers, port namespaces, …). */
  initialize?(state: KernelState, scenario: Scenario): KernelState;
  /** Problems only this system can see in a scenario. */
  validate?(scenario: Scenario): Problem[];
  /** Names of tasks the system itself provides (the Hurd's servers), usable by actions and expectations. */
  systemTaskNames?(scenario: Scenario): readonly string[];
  /** Evaluates this system's own expectation kinds (undefined: not one of mine). */
  evaluateExpectation?(e: ExpectationSpec, state: KernelState): { passed: boolean; expected: string; seen: string } | undefined;
  /** One line of trace text for this system's own events. */
  describeEvent?(event: EventBody, state: KernelState): string | undefined;
  /** Views only this system has (port namespaces, the message in flight, server state) for the debugger and queries. */
  readonly inspector?: StateInspector;
}
