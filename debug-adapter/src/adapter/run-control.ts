/**
 * Running the scenario: moves the engine's cursor one event at a time, in
 * either direction, until a breakpoint fires, the step's predicate holds
 * (sim-core engine/stepping.ts), the tape ends or the slice's budget is
 * spent (the session then yields to the event loop, so a long run can be
 * paused and requests are still answered).
 */
import { stepPredicate, type Direction, type Engine, type Frame, type SimEvent, type StepKind } from '../../../sim-core/src/index.js';
import type { Breakpoints, Hit } from './breakpoints/breakpoints.js';
import type { TraceOutput } from './trace-output.js';

export type RunMode =
  | { readonly kind: 'continue'; readonly direction: Direction }
  | { readonly kind: 'step'; readonly step: StepKind; readonly direction: Direction; readonly from: Frame | null };

export type StopReason = 'entry' | 'step' | 'pause' | 'goto' | 'restart' | 'end' | Hit['reason'];

export interface Stop {
  readonly reason: StopReason;
  readonly description: string;
  readonly hit?: Hit;
}

export type RunResult =
  | { readonly kind: 'stopped'; readonly stop: Stop }
  /** The slice's budget is spent; call run again to go on. */
  | { readonly kind: 'yield' }
  /** Continue at the last event: nothing is left to run. */
  | { readonly kind: 'ended' };

export interface Budget {
  readonly events: number;
  /** How long the slice may run; the clock is read every 256 events, not per event. */
  readonly milliseconds: number;
}

export class RunControl {
  private predicate: ((e: SimEvent) => boolean) | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly breakpoints: Breakpoints,
    private readonly output: TraceOutput,
  ) {}

  /** Prepares a run; the step predicate is fixed by the frame the step starts from. */
  begin(mode: RunMode): void {
    this.predicate = mode.kind === 'step' ? stepPredicate(mode.step, mode.from) : undefined;
  }

  run(mode: RunMode, budget: Budget): RunResult {
    const engine = this.engine;
    let deadline = 0;
    for (let n = 0; ; n++) {
      if (n >= budget.events) return { kind: 'yield' };
      if ((n & 255) === 255) {
        if (deadline === 0) deadline = Date.now() + budget.milliseconds;
        else if (Date.now() > deadline) return { kind: 'yield' };
      }
      if (mode.direction === 'forward') {
        if (!engine.hasNext()) {
          if (mode.kind === 'continue' && n === 0) return { kind: 'ended' };
          return { kind: 'stopped', stop: { reason: 'end', description: 'end of the scenario' } };
        }
        engine.forward();
        this.output.passed(engine.currentEvent!, engine.state);
      } else {
        if (engine.position <= 0) return { kind: 'stopped', stop: { reason: 'entry', description: 'start of the scenario' } };
        engine.backward();
      }
      const e = engine.currentEvent!;
      const check = this.breakpoints.check(e.seq);
      for (const log of check.logs) this.output.note(log);
      if (check.hit) return { kind: 'stopped', stop: { reason: check.hit.reason, description: check.hit.description, hit: check.hit } };
      if (this.predicate?.(e)) return { kind: 'stopped', stop: { reason: 'step', description: 'step' } };
    }
  }
}
