/**
 * Line breakpoints go on scenario statements (actions and `expect` lines): a
 * breakpoint on a line inside a statement moves to the statement's first
 * line; one on a line without a statement stays unverified and says where the
 * nearest statement is. It fires when the statement starts (or is deferred,
 * waiting for its thread) and when an expectation is checked.
 */
import type { Scenario, SimEvent } from '../../../../sim-core/src/index.js';
import { ArmedBreakpoint, parseOptions, type ArmedOptions, type BreakpointOptions } from './armed.js';

export interface LineRequest extends BreakpointOptions {
  readonly line: number;
}

export interface LineResult {
  readonly id: number;
  readonly verified: boolean;
  readonly line: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly message?: string;
}

interface Statement {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly what: string;
}

export class StatementIndex {
  readonly statements: readonly Statement[];

  constructor(scenario: Scenario) {
    this.statements = [
      ...scenario.actions.map((a) => ({ ...a.loc, what: 'statement' })),
      ...scenario.expectations.map((e) => ({ ...e.loc, what: 'expectation' })),
    ].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** The statement covering a line (the first one starting there, else one spanning it). */
  at(line: number): Statement | undefined {
    return this.statements.find((s) => s.line === line) ?? this.statements.find((s) => s.line <= line && line <= s.endLine);
  }

  nearest(line: number): Statement | undefined {
    let best: Statement | undefined;
    for (const s of this.statements) if (!best || Math.abs(s.line - line) < Math.abs(best.line - line)) best = s;
    return best;
  }

  /** Statements starting on lines from..to (inclusive). */
  between(from: number, to: number): Statement[] {
    return this.statements.filter((s) => s.line >= from && s.line <= to);
  }
}

export function statementLine(e: SimEvent): number | undefined {
  if (e.kind !== 'action-started' && e.kind !== 'action-deferred' && e.kind !== 'expectation') return undefined;
  return e.frame?.loc?.line;
}

export class LineBreakpoint extends ArmedBreakpoint {
  constructor(
    id: number,
    readonly line: number,
    options: ArmedOptions,
  ) {
    super(id, options);
  }

  at(e: SimEvent): boolean {
    return statementLine(e) === this.line;
  }
}

/** Verifies the requested breakpoints of the scenario's source; the armed ones are those that can fire. */
export function placeLineBreakpoints(
  requests: readonly LineRequest[],
  index: StatementIndex | undefined,
  isScenarioSource: boolean,
  sourceName: string,
  nextId: () => number,
): { results: LineResult[]; armed: LineBreakpoint[] } {
  const results: LineResult[] = [];
  const armed: LineBreakpoint[] = [];
  for (const r of requests) {
    const id = nextId();
    if (!isScenarioSource) {
      results.push({ id, verified: false, line: r.line, message: `${sourceName} is not the scenario being debugged: breakpoints go on its statements` });
      continue;
    }
    if (!index) {
      results.push({ id, verified: false, line: r.line, message: 'the scenario is not loaded yet' });
      continue;
    }
    const s = index.at(r.line);
    if (!s) {
      const near = index.nearest(r.line);
      results.push({ id, verified: false, line: r.line, message: `no statement on line ${r.line}: breakpoints go on actions and expect lines${near ? ` (the nearest is on line ${near.line})` : ''}` });
      continue;
    }
    const opts = parseOptions(r);
    if ('error' in opts) {
      results.push({ id, verified: false, line: s.line, message: opts.error });
      continue;
    }
    results.push({ id, verified: true, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn });
    armed.push(new LineBreakpoint(id, s.line, opts));
  }
  return { results, armed };
}
