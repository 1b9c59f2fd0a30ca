/**
 * execsim's simulated kernel: scenarios in, events and states out. Pure,
 * deterministic, no I/O; runs in Node and in a browser.
 */
export * from './scenario/scenario.js';
export * from './scenario/actions.js';
export * from './scenario/expectations.js';
export * from './scenario/problems.js';
export { validateScenario, NR_OPEN } from './scenario/validate.js';
export { describeAction, describeCall, describeExpectation, describeActor } from './scenario/describe.js';
export * from './model/state.js';
export * from './model/errno.js';
export * from './model/signals.js';
export { IntMap } from './persistent/int-map.js';
export { descriptionOf, fdTableOf, slotOf, taskOf, targetName } from './model/fds.js';
export { lookup, inodeAt, pathOf } from './model/filesystem.js';
export * from './engine/events.js';
export { Engine, InvariantViolation, type EngineOptions, type ActionLog, type ExpectationOutcome } from './engine/engine.js';
export { Kernel, SysError } from './engine/kernel.js';
export { step, stepPredicate, type StepKind, type Direction } from './engine/stepping.js';
export { checkInvariants } from './engine/invariants.js';
export { describeFd, describeOutcome } from './engine/expectations.js';
export * from './catalogue/index.js';
export { personalityFor, allPersonalities } from './personalities/registry.js';
export type { Personality, ActionHandler, ActionContext } from './personalities/personality.js';
export { describeEvent, compactList } from './trace/describe-event.js';
export { renderTrace, traceLine, isQuietReturn, type TraceOptions } from './trace/text-trace.js';
export { Watchpoint, type ValueChange } from './engine/watchpoints.js';
export { incidentsAt, type Incident, type IncidentKind } from './engine/incidents.js';
export * as query from './query/index.js';
export * from './personalities/cloudabi/api.js';
// Personality scenario types (their module augmentations of actions, expectations, tasks).
export type { LinuxBirth, PtRegs, ResumePoint } from './personalities/linux/pt-regs.js';
export type { TaskKind } from './personalities/linux/birth-expectations.js';
export { KERNEL_BIRTH_CALLS } from './personalities/linux/birth-actions.js';
export type { L4Handle, L4Holder, L4StackArea, L4TaskState, L4Words, L4WorldState } from './personalities/l4hurd/state.js';
export type { L4StackField } from './personalities/l4hurd/expectations.js';
export { L4HURD_CALLS } from './personalities/l4hurd/actions.js';
export { describeL4Event } from './personalities/l4hurd/events.js';
