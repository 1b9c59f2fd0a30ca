/**
 * What lowering carries from statement to statement: the problems found so
 * far, the source range of every Scenario field it produced (so sim-core's
 * problems, which name a field such as `tasks[0].fds[2].fd`, get a precise
 * range) and the system the scenario runs on.
 */
import { GrammarUtils, type AstNode, type CstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { SourceLoc, SystemId } from '../../../../sim-core/src/scenario/scenario.js';
import type { ProblemCode } from '../../../../sim-core/src/scenario/problems.js';

/** Codes of the problems the language finds itself; sim-core's ProblemCode covers the rest. */
export type LanguageProblemCode =
  | ProblemCode
  | 'syntax'
  | 'one-statement-per-line'
  | 'missing-system'
  | 'duplicate-statement'
  | 'world-after-actions'
  | 'unknown-name'
  | 'unknown-call'
  | 'unknown-label'
  | 'duplicate-label'
  | 'wrong-system'
  | 'not-octal'
  | 'bad-escape'
  | 'too-large'
  | 'not-yet'
  | 'never-checked'
  | 'internal-error';

export type Severity = 'error' | 'warning';

export interface LanguageProblem {
  readonly code: LanguageProblemCode;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
  /** 0-based LSP range, end exclusive. */
  readonly range: Range;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function rangeOf(node: AstNode | undefined, property?: string, index?: number): Range {
  if (!node?.$cstNode) return ZERO;
  let cst: CstNode | undefined;
  if (property) cst = GrammarUtils.findNodeForProperty(node.$cstNode, property, index);
  return (cst ?? node.$cstNode).range;
}

/** The CST text of a property (octal numbers and versions are read from the text, not the value). */
export function textOf(node: AstNode, property: string): string | undefined {
  return node.$cstNode ? GrammarUtils.findNodeForProperty(node.$cstNode, property)?.text : undefined;
}

/** 1-based SourceLoc of a 0-based range. */
export function locOf(range: Range): SourceLoc {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

export class LoweringContext {
  readonly problems: LanguageProblem[] = [];
  /** Scenario field path → source range. */
  readonly sourceMap = new Map<string, Range>();
  system: SystemId | undefined;

  report(severity: Severity, code: LanguageProblemCode, message: string, hint: string | undefined, range: Range): void {
    this.problems.push({ code, severity, message, ...(hint ? { hint } : {}), range });
  }

  error(code: LanguageProblemCode, message: string, hint: string | undefined, node: AstNode | undefined, property?: string, index?: number): void {
    this.report('error', code, message, hint, rangeOf(node, property, index));
  }

  warning(code: LanguageProblemCode, message: string, hint: string | undefined, node: AstNode | undefined, property?: string, index?: number): void {
    this.report('warning', code, message, hint, rangeOf(node, property, index));
  }

  /** Records where a Scenario field came from. */
  map(path: string, node: AstNode | undefined, property?: string, index?: number): void {
    if (node?.$cstNode) this.sourceMap.set(path, rangeOf(node, property, index));
  }

  /** The range of a field, or of the nearest enclosing field that has one. */
  rangeFor(path: string): Range | undefined {
    for (let p = path; p; p = parentPath(p)) {
      const r = this.sourceMap.get(p);
      if (r) return r;
    }
    return undefined;
  }
}

function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  const cut = Math.max(dot, bracket);
  return cut > 0 ? path.slice(0, cut) : '';
}
