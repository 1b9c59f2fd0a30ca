/**
 * Step semantics over the call chain (product.md, "Debugging model"):
 * - event:  the next event of any kind;
 * - phase:  the next phase entered, at any depth;
 * - action: the next scenario statement;
 * - over:   the next phase at this level (or shallower): nested phases are run through;
 * - in:     into the next actor or phase, however deep (glibc → fs → exec server);
 * - out:    finish the current actor and stop back in its caller.
 * Every kind also stops where a statement starts or ends and at expectations,
 * so a step never runs past the end of the statement it started in.
 * Backward steps use the same predicates on the tape read backwards.
 */
import type { Engine } from './engine.js';
import type { Frame, SimEvent } from './events.js';

export type StepKind = 'event' | 'phase' | 'action' | 'over' | 'in' | 'out';
export type Direction = 'forward' | 'backward';

function isBoundary(e: SimEvent): boolean {
  return e.kind === 'action-started' || e.kind === 'action-finished' || e.kind === 'action-deferred' || e.kind === 'expectation' || e.kind === 'user-edit';
}

function innermostActor(frame: Frame | null): Frame | null {
  for (let f = frame; f; f = f.parent) if (f.kind === 'actor') return f;
  return null;
}

/** The predicate a step of this kind stops at, given the frame the step starts from. */
export function stepPredicate(kind: StepKind, from: Frame | null): (e: SimEvent) => boolean {
  const depth = from?.depth ?? 0;
  switch (kind) {
    case 'event':
      return () => true;
    case 'phase':
      return (e) => e.kind === 'phase-entered' || isBoundary(e);
    case 'action':
      return (e) => e.kind === 'action-started' || e.kind === 'action-deferred' || e.kind === 'expectation' || e.kind === 'user-edit';
    case 'over':
      if (!from || from.kind === 'action' || from.kind === 'expect') return stepPredicate('action', from);
      return (e) => (e.kind === 'phase-entered' && (e.frame?.depth ?? 0) <= depth) || isBoundary(e);
    case 'in':
      return (e) => e.kind === 'phase-entered' || e.kind === 'actor-entered' || isBoundary(e);
    case 'out': {
      const actor = innermostActor(from);
      if (!actor) return stepPredicate('action', from);
      return (e) => (e.frame?.depth ?? 0) < actor.depth || isBoundary(e);
    }
  }
}

/** Moves the engine's cursor one step; returns the event stopped at (undefined: end or start reached). */
export function step(engine: Engine, kind: StepKind, direction: Direction = 'forward'): SimEvent | undefined {
  const stop = stepPredicate(kind, engine.frame);
  return direction === 'forward' ? engine.forward(stop) : engine.backward(stop);
}
