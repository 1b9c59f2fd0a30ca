/**
 * What every breakpoint kind shares: a location (which events it matches),
 * an optional condition in the query language, an optional hit count and an
 * optional log message (a logpoint prints instead of stopping).
 */
import { query, type Engine, type SimEvent } from '../../../../sim-core/src/index.js';
import { parseHitCondition, type HitCondition } from './hit-condition.js';

export interface BreakpointOptions {
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

export interface Armed {
  readonly id: number;
  readonly condition?: query.Expr;
  readonly hit?: HitCondition;
  readonly log?: query.TemplatePart[];
  /** Whether the event is at this breakpoint's location (condition not considered). */
  at(e: SimEvent, engine: Engine): boolean;
}

export type ArmedOptions = Omit<Armed, 'id' | 'at'>;

/** The parts every kind keeps the same way; a kind says only where it is (`at`). */
export abstract class ArmedBreakpoint implements Armed {
  constructor(
    readonly id: number,
    readonly options: ArmedOptions,
  ) {}

  get condition() {
    return this.options.condition;
  }
  get hit() {
    return this.options.hit;
  }
  get log() {
    return this.options.log;
  }

  abstract at(e: SimEvent, engine: Engine): boolean;
}

/** Parses condition, hit count and log message; the error message says which one is wrong. */
export function parseOptions(o: BreakpointOptions): { condition?: query.Expr; hit?: HitCondition; log?: query.TemplatePart[] } | { error: string } {
  try {
    const out: { condition?: query.Expr; hit?: HitCondition; log?: query.TemplatePart[] } = {};
    if (o.condition !== undefined && o.condition.trim() !== '') {
      try {
        out.condition = query.compile(o.condition);
      } catch (e) {
        if (e instanceof query.QueryError) return { error: `condition: ${e.text}` };
        throw e;
      }
    }
    if (o.hitCondition !== undefined && o.hitCondition.trim() !== '') out.hit = parseHitCondition(o.hitCondition);
    if (o.logMessage !== undefined && o.logMessage !== '') {
      try {
        out.log = query.compileTemplate(o.logMessage);
      } catch (e) {
        if (e instanceof query.QueryError) return { error: `log message: ${e.text}` };
        throw e;
      }
    }
    return out;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Counts where a breakpoint matched (location and condition) along the tape, scanning each event once. */
export class HitCounter {
  private readonly positions: number[] = [];
  private scanned = -1;

  constructor(private readonly matches: (seq: number) => boolean) {}

  /** Number of matches at events 0..seq. */
  countUpTo(seq: number): number {
    while (this.scanned < seq) {
      this.scanned++;
      if (this.matches(this.scanned)) this.positions.push(this.scanned);
    }
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.positions[mid]! <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forgets events from `seq` on (the tape after an edit is new). */
  invalidateFrom(seq: number): void {
    while (this.positions.length && this.positions[this.positions.length - 1]! >= seq) this.positions.pop();
    this.scanned = Math.min(this.scanned, seq - 1);
  }
}

export type ConditionWarning = (id: number, message: string) => void;

/** Decides whether an armed breakpoint fires at event `seq`: location, then condition, then hit count. */
export class Evaluator {
  private readonly counters = new Map<number, HitCounter>();

  constructor(
    private readonly engine: Engine,
    private readonly inspector: query.StateInspector | undefined,
    private readonly warn: ConditionWarning,
  ) {}

  context(seq: number): query.QueryContext {
    return { state: this.engine.stateAt(seq), event: this.engine.event(seq), ...(this.inspector ? { inspector: this.inspector } : {}) };
  }

  private conditionHolds(bp: Armed, seq: number): boolean {
    if (!bp.condition) return true;
    try {
      return query.holds(bp.condition, this.context(seq));
    } catch (e) {
      if (e instanceof query.QueryError) {
        this.warn(bp.id, `condition not evaluated at event ${seq}: ${e.text}`);
        return false;
      }
      throw e;
    }
  }

  fires(bp: Armed, seq: number): boolean {
    const e = this.engine.event(seq);
    if (!bp.at(e, this.engine) || !this.conditionHolds(bp, seq)) return false;
    if (!bp.hit) return true;
    let counter = this.counters.get(bp.id);
    if (!counter) {
      counter = new HitCounter((i) => bp.at(this.engine.event(i), this.engine) && this.conditionHolds(bp, i));
      this.counters.set(bp.id, counter);
    }
    return bp.hit.test(counter.countUpTo(seq));
  }

  logText(bp: Armed, seq: number): string {
    return query.renderTemplate(bp.log ?? [], this.context(seq));
  }

  /** The tape changed from `seq` on (an edit): hit counts recount from there. */
  invalidateFrom(seq: number): void {
    for (const c of this.counters.values()) c.invalidateFrom(seq);
  }

  forget(id: number): void {
    this.counters.delete(id);
  }
}
