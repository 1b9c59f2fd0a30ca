/** The query language over the simulated state, and the views the debugger shows. */
export { QueryError } from './errors.js';
export { parse, tokenize, type Expr, type BinaryOp } from './syntax.js';
export * from './values.js';
export type { Section, StateInspector } from './inspector.js';
export { compile, evaluate, holds, planEdit, editableSummary, FUNCTIONS, EVENT_VARIABLES, CONSTANTS, type QueryContext } from './evaluate.js';
export { complete, type Completion } from './complete.js';
export { compileTemplate, renderTemplate, type TemplatePart } from './template.js';
export { queryHelp } from './help.js';
export { taskSections, eventSections } from './sections.js';
export { listThreads, type ThreadInfo } from './threads.js';
export { taskValue, processValue, fdTable, fdRow, credentials, signals, memory, registers, taskPath, taskBehind, statusText, taskDisplay } from './views.js';
