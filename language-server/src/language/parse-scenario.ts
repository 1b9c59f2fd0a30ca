/**
 * parseScenario: text in, a runnable Scenario or the reasons it is not one.
 * The same services and checks as the language server, without a workspace:
 * each call parses, links and validates one document and keeps nothing.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { Scenario, SystemId } from '../../../sim-core/src/scenario/scenario.js';
import { createExecsimCoreServices, type ExecsimServices } from './execsim-module.js';
import { compareDiagnostics, fromLsp, type Diagnostic } from './diagnostics.js';
import type * as ast from './generated/ast.js';

export interface ParseOptions {
  /** Run on this system instead of the one the `system` line names. */
  readonly system?: SystemId;
}

export interface ParseScenarioResult {
  /** Present when there is no error (warnings allowed). */
  readonly scenario?: Scenario;
  /** Every diagnostic, in document order. */
  readonly diagnostics: readonly Diagnostic[];
}

let services: ExecsimServices | undefined;

/** Said when the parser itself fails (a bug): the services are rebuilt, since their state is unknown. */
function internalError(e: unknown): ParseScenarioResult {
  services = undefined;
  const message = e instanceof RangeError ? 'the text is nested too deeply to be read' : `internal error while reading the scenario: ${(e as Error)?.message ?? String(e)}`;
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    diagnostics: [{ severity: 'error', message, hint: 'please report this with the scenario that caused it', code: 'internal-error', range, loc: { line: 1, column: 1, endLine: 1, endColumn: 1 } }],
  };
}

function execsim(): ExecsimServices {
  services ??= createExecsimCoreServices().Execsim;
  return services;
}

let counter = 0;

/**
 * Parses and checks a scenario. `file` names it in Scenario.file and messages
 * (a path or a URI); it is never read.
 */
export async function parseScenario(text: string, file = 'scenario.execsim', options: ParseOptions = {}): Promise<ParseScenarioResult> {
  try {
    return await check(text, file, options);
  } catch (e) {
    return internalError(e);
  }
}

async function check(text: string, file: string, options: ParseOptions): Promise<ParseScenarioResult> {
  const s = execsim();
  // A private URI per call: nothing is shared between documents.
  const uri = URI.parse(`execsim-memory:/${++counter}/scenario.execsim`);
  const document = s.shared.workspace.LangiumDocumentFactory.fromString<ast.Scenario>(text, uri) as LangiumDocument<ast.Scenario>;
  s.lowering.ScenarioLowering.setOptions(document, { file, ...(options.system ? { system: options.system } : {}) });
  document.state = DocumentState.ComputedScopes;
  await s.references.Linker.link(document);
  document.state = DocumentState.Linked;
  const lsp = await s.validation.DocumentValidator.validateDocument(document);
  document.state = DocumentState.Validated;
  const diagnostics = lsp.map(fromLsp).sort(compareDiagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { scenario: s.lowering.ScenarioLowering.lower(document).scenario, diagnostics };
}
