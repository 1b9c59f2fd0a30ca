/** The scenario language: parse, check, lower and print scenarios. Runs in Node and in browsers. */
export { parseScenario, type ParseOptions, type ParseScenarioResult } from './parse-scenario.js';
export type { Diagnostic, DiagnosticSeverity } from './diagnostics.js';
export { ExecsimModule, createExecsimCoreServices, type ExecsimServices, type ExecsimAddedServices } from './execsim-module.js';
export { lowerScenario, type Lowered, type LoweringOptions } from './lowering/lower.js';
export { ScenarioLowering } from './lowering/scenario-lowering.js';
export { printScenario } from './printer/print.js';
export { UnprintableError } from './printer/tokens.js';
export { SECTIONS, systemsHaving } from './sections/index.js';
export type { LanguageSection } from './sections/section.js';
export * as ast from './generated/ast.js';
export { execsimScenarioLoader, type LoadedDiagnostic, type LoadedScenario } from './scenario-loader.js';
export { callOf, checkOf, type CallNode, type CheckNode } from './node-types.js';
export { issuerOf, isSubject, threadName, type Issuer, type Subject } from './references/subject.js';
export { fromLsp, compareDiagnostics } from './diagnostics.js';
