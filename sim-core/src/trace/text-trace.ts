/**
 * The phase-by-phase trace as text: one line per event, indented by call depth,
 * statements introduced by their source line. Used by `execsim run`, the
 * debugger's console output and the golden trace tests.
 */
import type { Engine } from '../engine/engine.js';
import type { SimEvent } from '../engine/events.js';
import type { KernelState } from '../model/state.js';
import { describeEvent } from './describe-event.js';

export interface TraceOptions {
  /** Prefix each line with the event's sequence number. */
  readonly seq?: boolean;
  /** Leave out phase-left/actor-left lines that carry no error. */
  readonly compact?: boolean;
}

/** Whether the compact trace leaves this event out (a return without an error). */
export function isQuietReturn(e: SimEvent): boolean {
  return (e.kind === 'phase-left' && !e.errno) || e.kind === 'actor-left';
}

/** One line of the trace for event `e`, given the state after it. */
export function traceLine(e: SimEvent, state: KernelState, options: Pick<TraceOptions, 'seq'> = {}): string {
  let text: string;
  const depth = e.frame?.depth ?? 0;
  if (e.kind === 'action-started' || e.kind === 'action-deferred') {
    const loc = e.frame?.loc ? `${e.frame.loc.line}: ` : '';
    text = `${loc}${e.frame?.label ?? describeEvent(e, state)}${e.kind === 'action-deferred' ? ` — ${describeEvent(e, state)}` : ''}`;
  } else if (e.kind === 'expectation') {
    const loc = e.frame?.loc ? `${e.frame.loc.line}: ` : '';
    text = `${loc}${e.frame?.label ?? 'expect'} ${describeEvent(e, state)}`;
  } else {
    const indent = ['phase-entered', 'actor-entered', 'phase-left', 'actor-left'].includes(e.kind) ? depth - 1 : depth;
    text = '  '.repeat(Math.max(1, indent + 1)) + describeEvent(e, state);
  }
  return options.seq ? `${String(e.seq).padStart(4)} ${text}` : text;
}

export function renderTrace(engine: Engine, options: TraceOptions = {}): string[] {
  const lines: string[] = [];
  for (const e of engine.events()) {
    if (options.compact && isQuietReturn(e)) continue;
    lines.push(traceLine(e, engine.stateAt(e.seq), options));
  }
  return lines;
}
