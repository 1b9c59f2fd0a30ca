/**
 * The execsim debug adapter, inline: the extension and the browser
 * playground create an ExecsimDebugSession with a DebugHost of their own
 * (how to read scenario files, whether trace files can be written).
 * Node-only entry points are in src/node/ (the execsim-debug executable).
 */
export { ExecsimDebugSession, type SessionOptions } from './dap/session.js';
export type { DebugHost } from './dap/host.js';
export { capabilities } from './dap/capabilities.js';
export { checkLaunchArguments, type LaunchArguments, type StepGranularity } from './dap/launch-arguments.js';
export type { TraceSink } from './adapter/trace-output.js';
export { formatDiagnostic, loaderFor, type LoadOptions, type LoadResult, type ScenarioDiagnostic, type ScenarioLoader } from './scenario/loader.js';
export { jsonScenarioLoader, loadJsonScenario } from './scenario/json-scenario.js';
export { defaultLoaders } from './scenario/loaders.js';
export { EXCEPTION_FILTERS } from './adapter/breakpoints/exception-filters.js';
