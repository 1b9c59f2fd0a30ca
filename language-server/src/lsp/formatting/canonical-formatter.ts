/**
 * Formatting with the canonical printer, one statement at a time: each
 * statement of the document (or of the range) is replaced by the printer's text
 * for the same part of the Scenario, at the start of its line. Comments are
 * not part of a Scenario, so they are never inside what is replaced: a
 * statement ends before its trailing comment, comment lines lie between
 * statements, and a block with a comment inside is left as it is.
 *
 * Formatting never changes meaning: the edited text is parsed and lowered
 * again, and unless it gives the same Scenario (locations aside) and the same
 * comments, the request fails with the reason instead of editing. A document
 * with errors is refused too: what it means is not known yet.
 */
import { Cancellation, isLeafCstNode, CstUtils, DocumentState, URI, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { Formatter } from 'langium/lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ResponseError,
  type DocumentFormattingParams,
  type DocumentOnTypeFormattingOptions,
  type DocumentOnTypeFormattingParams,
  type DocumentRangeFormattingParams,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import type { ExecsimLspServices } from '../../language/execsim-services.js';
import type { Lowered } from '../../language/lowering/lower.js';
import { lowerScenario } from '../../language/lowering/lower.js';
import { block, printAction, printExpectation, printMachine, printMount, printNode, printTask } from '../../language/printer/print.js';
import { UnprintableError } from '../../language/printer/tokens.js';
import type { Scenario } from '../../../../sim-core/src/scenario/scenario.js';

const REQUEST_FAILED = -32803;
let formatted = 0;

export class CanonicalFormatter implements Formatter {
  constructor(private readonly services: ExecsimLspServices) {}

  get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
    return undefined;
  }

  formatDocument(document: LangiumDocument, _params: DocumentFormattingParams, cancelToken?: Cancellation.CancellationToken): MaybePromise<TextEdit[]> {
    return this.format(document, undefined, cancelToken);
  }

  formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams, cancelToken?: Cancellation.CancellationToken): MaybePromise<TextEdit[]> {
    return this.format(document, params.range, cancelToken);
  }

  formatDocumentOnType(_document: LangiumDocument, _params: DocumentOnTypeFormattingParams): MaybePromise<TextEdit[]> {
    return [];
  }

  private async format(document: LangiumDocument, range: Range | undefined, cancelToken?: Cancellation.CancellationToken): Promise<TextEdit[]> {
    // Langium answers formatting as soon as the text is parsed; what it means needs the names linked.
    if (document.state < DocumentState.Linked) await this.services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, document.uri, cancelToken);
    const doc = document as LangiumDocument<ast.Scenario>;
    const { lexerErrors, parserErrors } = doc.parseResult;
    const firstSyntax = parserErrors[0]?.token.startLine ?? lexerErrors[0]?.line;
    if (lexerErrors.length || parserErrors.length) refuse(`line ${firstSyntax ?? '?'} has a syntax error; formatting needs a scenario that parses`);
    const lowered = this.services.lowering.ScenarioLowering.lower(doc);
    const error = lowered.problems.find((p) => p.severity === 'error');
    if (error) refuse(`line ${error.range.start.line + 1}: ${error.message}; fix the errors before formatting`);
    const edits: TextEdit[] = [];
    const text = doc.textDocument.getText();
    for (const statement of doc.parseResult.value.statements) {
      const cst = statement.$cstNode;
      if (!cst || (range && (cst.range.end.line < range.start.line || cst.range.start.line > range.end.line))) continue;
      if (hasComment(statement)) continue;
      let printed: string | undefined;
      try {
        printed = printStatement(statement, lowered.scenario, doc.parseResult.value);
      } catch (err) {
        if (err instanceof UnprintableError) continue;
        throw err;
      }
      if (printed === undefined) continue;
      const lineStart = doc.textDocument.offsetAt({ line: cst.range.start.line, character: 0 });
      const before = text.slice(lineStart, cst.offset);
      const start = /^[ \t]*$/.test(before) ? lineStart : cst.offset;
      if (text.slice(start, cst.end) === printed) continue;
      edits.push({ range: { start: doc.textDocument.positionAt(start), end: cst.range.end }, newText: printed });
    }
    if (edits.length) await this.checkMeaning(doc, lowered, edits);
    return edits;
  }

  /** The formatted text must lower to the same Scenario and keep every comment. */
  private async checkMeaning(document: LangiumDocument<ast.Scenario>, lowered: Lowered, edits: TextEdit[]): Promise<void> {
    const after = TextDocument.applyEdits(document.textDocument, edits);
    // A document of its own, never added to the workspace: parsed and linked, then lowered.
    const uri = URI.parse(`execsim-format:/${++formatted}/formatted.execsim`);
    const copy = this.services.shared.workspace.LangiumDocumentFactory.fromString<ast.Scenario>(after, uri);
    copy.state = DocumentState.ComputedScopes;
    await this.services.references.Linker.link(copy);
    const parsed = copy.parseResult;
    const same = parsed.parserErrors.length === 0 && parsed.lexerErrors.length === 0 && sameScenario(lowerScenario(parsed.value, { file: lowered.scenario.file }).scenario, lowered.scenario);
    if (!same) refuse('formatting would change what the scenario means, so nothing was changed (please report this scenario)');
    if (comments(document.textDocument.getText()).join('\n') !== comments(after).join('\n')) refuse('formatting would lose a comment, so nothing was changed');
  }
}

function refuse(message: string): never {
  throw new ResponseError(REQUEST_FAILED, `cannot format: ${message}`);
}

function hasComment(node: AstNode): boolean {
  for (const leaf of CstUtils.streamCst(node.$cstNode!)) if (isLeafCstNode(leaf) && leaf.hidden && leaf.text.startsWith('//')) return true;
  return false;
}

/** The canonical text of one statement, found in the Scenario by its line. */
function printStatement(node: AstNode, scenario: Scenario, root: ast.Scenario): string | undefined {
  const line = node.$cstNode!.range.start.line + 1;
  switch (node.$type) {
    case 'SystemDecl':
      return `system ${(node as ast.SystemDecl).name}`;
    case 'Machine': {
      if (root.statements.filter((s) => s.$type === 'Machine').length !== 1) return undefined;
      return block('machine', printMachine(scenario.machine, scenario)).join('\n');
    }
    case 'Filesystem': {
      if (root.statements.filter((s) => s.$type === 'Filesystem').length !== 1) return undefined;
      const lines = [...scenario.filesystem.mounts.map(printMount), ...scenario.filesystem.nodes.map((n) => printNode(n, scenario.machine.arch))];
      return block('filesystem', lines).join('\n');
    }
    case 'Task': {
      const task = scenario.tasks.find((t) => t.loc?.line === line);
      return task ? printTask(task).join('\n') : undefined;
    }
    default: {
      if (ast.isAction(node)) {
        const a = scenario.actions.find((x) => x.loc.line === line);
        return a ? printAction(a) : undefined;
      }
      const e = scenario.expectations.find((x) => x.loc.line === line);
      return e ? printExpectation(e, scenario) : undefined;
    }
  }
}

function comments(text: string): string[] {
  // Strings may hold "//"; the lexer's own view decides what a comment is, so read comments as it does.
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '/' && line[i + 1] === '/') {
        out.push(line.slice(i).trimEnd());
        break;
      }
    }
  }
  return out;
}

function sameScenario(a: Scenario, b: Scenario): boolean {
  return JSON.stringify(a, withoutLocations) === JSON.stringify(b, withoutLocations);
}

function withoutLocations(key: string, value: unknown): unknown {
  return key === 'loc' ? undefined : value;
}
