/**
 * Data breakpoints: a query expression (`shell.fd[3]`, `shell.euid`,
 * `ports(shell)[12]`) whose value is compared between the state before an
 * event and the state after it. States are persistent, so an event that
 * changed nothing hands back the same state object and costs nothing.
 */
import type { KernelState } from '../model/state.js';
import { QueryError } from '../query/errors.js';
import { evaluate } from '../query/evaluate.js';
import type { StateInspector } from '../query/inspector.js';
import { parse, type Expr } from '../query/syntax.js';

export interface ValueChange {
  readonly from: string;
  readonly to: string;
}

export class Watchpoint {
  private readonly expr: Expr;

  /** Throws QueryError when the expression does not parse. */
  constructor(
    readonly expression: string,
    private readonly inspector?: StateInspector,
  ) {
    this.expr = parse(expression);
  }

  /** What the value reads as in a state; a value that cannot be read (no such task yet) reads as the reason. */
  read(state: KernelState): string {
    try {
      const v = evaluate(this.expr, { state, ...(this.inspector ? { inspector: this.inspector } : {}) });
      return v.identity ?? v.display;
    } catch (e) {
      if (e instanceof QueryError) return `(${e.message})`;
      throw e;
    }
  }

  /** The change an event made to the value, or undefined when it made none. */
  change(before: KernelState, after: KernelState): ValueChange | undefined {
    if (before === after) return undefined;
    const from = this.read(before);
    const to = this.read(after);
    return from === to ? undefined : { from, to };
  }
}
