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
  /** Scenario field path → where it came from; ranges are computed when asked for. */
  private readonly sources = new Map<string, Source>();
  /** Scenario object path → how to find the source of each of its fields (actions, expectations). */
  private readonly fieldSources = new Map<string, readonly [AstNode, FieldSources]>();
  /** Ranges of fields known directly (computed by checks that have them already). */
  private readonly ranges = new Map<string, Range>();
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
    if (node?.$cstNode) this.sources.set(path, [node, property, index]);
  }

  /** Records where an object came from, and how to find each of its fields when one is asked for. */
  mapObject<N extends AstNode>(path: string, node: N, fields: FieldSources<N>): void {
    this.sources.set(path, [node]);
    this.fieldSources.set(path, [node, fields as FieldSources]);
  }

  /** The same for actions and expectations, kept by index: there are many of them. */
  mapStep<N extends AstNode>(list: 'actions' | 'expectations', index: number, node: N, fields: FieldSources<N>): void {
    this.steps[list][index] = [node, fields as FieldSources];
  }

  private readonly steps: Record<'actions' | 'expectations', Array<readonly [AstNode, FieldSources] | undefined>> = { actions: [], expectations: [] };

  private stepSource(path: string): Source | undefined {
    const m = /^(actions|expectations)\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (!m) return undefined;
    const entry = this.steps[m[1] as 'actions' | 'expectations'][Number(m[2])];
    if (!entry) return undefined;
    return m[3] === undefined ? [entry[0]] : entry[1](entry[0], m[3]);
  }

  private fieldSource(path: string): Source | undefined {
    const dot = path.lastIndexOf('.');
    if (dot < 0) return undefined;
    const entry = this.fieldSources.get(path.slice(0, dot));
    return entry ? entry[1](entry[0], path.slice(dot + 1)) : undefined;
  }

  /** The range of a field, or of the nearest enclosing field that has one. */
  rangeFor(path: string): Range | undefined {
    for (let p = path; p; p = parentPath(p)) {
      let r = this.ranges.get(p);
      if (!r) {
        const source = this.sources.get(p) ?? this.fieldSource(p) ?? this.stepSource(p);
        if (!source?.[0].$cstNode) continue;
        r = rangeOf(source[0], source[1], source[2]);
        this.ranges.set(p, r);
      }
      return r;
    }
    return undefined;
  }
}

export type Source = readonly [node: AstNode, property?: string, index?: number];

/** Where each field of an object came from, given the object's node (a shared function, not one per object). */
export type FieldSources<N extends AstNode = AstNode> = (node: N, field: string) => Source | undefined;

function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  const cut = Math.max(dot, bracket);
  return cut > 0 ? path.slice(0, cut) : '';
}
