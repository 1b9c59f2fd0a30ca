/**
 * The capability matrix: what the `initialize` response advertises, each with
 * the reason it is on or off. Nothing is on that is not implemented and
 * tested (test/debug-adapter/).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXCEPTION_FILTERS } from '../adapter/breakpoints/exception-filters.js';

export function capabilities(): DebugProtocol.Capabilities {
  return {
    // Breakpoints arrive between `initialized` and configurationDone; the run starts after it.
    supportsConfigurationDoneRequest: true,
    // Function breakpoints are exec phase ids with wildcards, verified against the phase catalogue.
    supportsFunctionBreakpoints: true,
    // Conditions are query-language expressions (`shell.euid == 0`), parsed when set.
    supportsConditionalBreakpoints: true,
    // Hit counts (N, >= N, % N, …) are counted along the tape, the same in both directions.
    supportsHitConditionalBreakpoints: true,
    // Evaluation only reads the state, so hovers are safe.
    supportsEvaluateForHovers: true,
    // Exec failed (optionally some errnos), point of no return, fd/right reaching a secure exec, expectation failed.
    exceptionBreakpointFilters: [...EXCEPTION_FILTERS],
    // The engine keeps every state: stepBack and reverseContinue restore them and honour breakpoints backwards.
    supportsStepBack: true,
    // Values marked editable change the state through Engine.edit; later phases see the change.
    supportsSetVariable: true,
    // Restarting a frame moves the cursor back to the event that entered it.
    supportsRestartFrame: true,
    // goto moves to a scenario statement that has already run.
    supportsGotoTargetsRequest: true,
    // Off: a step in never has a choice — the next actor or phase is the only target.
    supportsStepInTargetsRequest: false,
    // Task names, fields after `.`, open fds after `[`.
    supportsCompletionsRequest: true,
    completionTriggerCharacters: ['.', '['],
    // Off: a scenario has no modules.
    supportsModulesRequest: false,
    // Restart reloads the scenario file and keeps the breakpoints.
    supportsRestartRequest: true,
    // Off: errnos are chosen with the exec-failed filter's condition instead of exception options.
    supportsExceptionOptions: false,
    // Off: values have one canonical form (octal modes, decimal ids, `3 → /etc/motd (ro)`).
    supportsValueFormattingOptions: false,
    // Stops at an exception filter describe the incident: errno, phase, what the catalogue says.
    supportsExceptionInfoRequest: true,
    // Off: there is no debuggee process to keep alive or kill apart from the session.
    supportTerminateDebuggee: false,
    supportSuspendDebuggee: false,
    // stackTrace honours startFrame/levels and reports totalFrames.
    supportsDelayedStackTraceLoading: true,
    // Off: the sources are the scenario and phase pseudo-code, both reached through stack frames.
    supportsLoadedSourcesRequest: false,
    // Logpoints print `{expression}` messages when their statement or phase is reached.
    supportsLogPoints: true,
    // Off: simulated threads end by scenario actions (exit, kill), not by the debugger.
    supportsTerminateThreadsRequest: false,
    // The same edits as setVariable, named by an expression (a watch such as `shell.euid`).
    supportsSetExpression: true,
    // terminate ends the run and the session.
    supportsTerminateRequest: true,
    // Data breakpoints on an fd slot, a port name or a credential: they stop where it changes.
    supportsDataBreakpoints: true,
    // Off: memory is modelled as mappings and named variables, not bytes.
    supportsReadMemoryRequest: false,
    supportsWriteMemoryRequest: false,
    supportsDisassembleRequest: false,
    // Off: requests are answered at once; a long run is interrupted with pause.
    supportsCancelRequest: false,
    // Statements on a range of lines, for the editor's inline breakpoint positions.
    supportsBreakpointLocationsRequest: true,
    // Off: the clipboard gets the value as shown.
    supportsClipboardContext: false,
    // `instruction` granularity steps one event; `statement`/`line` use the launch's stepGranularity.
    supportsSteppingGranularity: true,
    // Off: there are no instructions to put breakpoints on.
    supportsInstructionBreakpoints: false,
    // The exec-failed filter takes a condition (errno names).
    supportsExceptionFilterOptions: true,
    // Off: simulated threads are scheduled by the scenario, not run one at a time by the debugger.
    supportsSingleThreadExecutionRequests: false,
    // Off: data breakpoints watch values, not byte ranges.
    supportsDataBreakpointBytes: false,
    // Off: plain text output.
    supportsANSIStyling: false,
  };
}
