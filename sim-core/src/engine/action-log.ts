/**
 * What the run recorded about each statement: when it started and finished,
 * whether it crossed its point of no return, its outcome. Read by
 * expectations, the debugger's scopes and the language server's run view.
 *
 * Statement indexes are dense (0..n-1), so the records sit in an array by
 * index rather than in a Map: a long run starts one record per statement, and
 * a Map of 100k numeric keys spent more time rehashing than the statements
 * took. It reads as a ReadonlyMap, in the order statements started (a deferred
 * statement starts after later ones).
 */
import type { Outcome } from './events.js';

/** What the tape says about one action: when it ran, whether it crossed its point of no return, how it ended. */
export interface ActionLog {
  readonly started: number;
  ponr: boolean;
  finished?: number;
  outcome?: Outcome;
}

class ActionRecord implements ActionLog {
  ponr = false;
  finished: number | undefined = undefined;
  outcome: Outcome | undefined = undefined;
  constructor(readonly started: number) {}
}

export class ActionLogs implements ReadonlyMap<number, ActionLog> {
  private records: Array<ActionRecord | undefined> = [];
  /** Statement indexes in the order they started. */
  private order: number[] = [];

  get size(): number {
    return this.order.length;
  }

  /** A new record for statement `action`, started at event `seq`. */
  start(action: number, seq: number): ActionLog {
    const r = new ActionRecord(seq);
    if (this.records[action] === undefined) this.order.push(action);
    this.records[action] = r;
    return r;
  }

  get(action: number): ActionLog | undefined {
    return this.records[action];
  }

  has(action: number): boolean {
    return this.records[action] !== undefined;
  }

  *keys(): MapIterator<number> {
    for (const i of this.order) yield i;
  }

  *values(): MapIterator<ActionLog> {
    for (const i of this.order) yield this.records[i]!;
  }

  *entries(): MapIterator<[number, ActionLog]> {
    for (const i of this.order) yield [i, this.records[i]!];
  }

  [Symbol.iterator](): MapIterator<[number, ActionLog]> {
    return this.entries();
  }

  forEach(fn: (value: ActionLog, key: number, map: ReadonlyMap<number, ActionLog>) => void): void {
    for (const i of this.order) fn(this.records[i]!, i, this);
  }
}
