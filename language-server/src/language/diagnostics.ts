/**
 * Diagnostics as the command line, the debug adapter and tests see them.
 *
 * Positions come in both conventions, named so they cannot be mixed up:
 * `range` is 0-based (LSP: line 0 is the first line, character 0 the first
 * UTF-16 code unit) and `loc` is 1-based (sim-core's SourceLoc, as printed in
 * `file:line:col`). Both ends are exclusive.
 */
import type { Diagnostic as LspDiagnostic, Range } from 'vscode-languageserver-types';
import type { SourceLoc } from '../../../sim-core/src/scenario/scenario.js';

export type DiagnosticSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface Diagnostic {
  readonly severity: DiagnosticSeverity;
  /** What is wrong, in one sentence without a final period. */
  readonly message: string;
  /** How to fix it, when there is a likely fix. */
  readonly hint?: string;
  /** Stable identifier of the rule: `syntax`, `unknown-task`, `missing-file`, … */
  readonly code: string;
  /** 0-based, end exclusive (LSP). */
  readonly range: Range;
  /** 1-based, end exclusive (SourceLoc). */
  readonly loc: SourceLoc;
}

const SEVERITIES: readonly DiagnosticSeverity[] = ['error', 'warning', 'info', 'hint'];

export function fromLsp(d: LspDiagnostic): Diagnostic {
  const data = d.data as { hint?: unknown } | undefined;
  const hint = typeof data?.hint === 'string' ? data.hint : undefined;
  return {
    severity: SEVERITIES[(d.severity ?? 1) - 1] ?? 'error',
    message: d.message,
    ...(hint ? { hint } : {}),
    code: typeof d.code === 'string' ? d.code : d.code !== undefined ? String(d.code) : 'syntax',
    range: d.range,
    loc: {
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    },
  };
}

/** Document order: by start position, then errors before warnings. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
  );
}
