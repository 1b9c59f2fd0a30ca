/**
 * The façade personalities program against: it holds the current state, records
 * every change as an event, and keeps the call chain (action › actor › phase).
 * Personalities never touch the tape; they call `change`, `emit`, `actor` and `phase`.
 */
import type { Errno } from '../model/errno.js';
import type { KernelState, Pid, Tid } from '../model/state.js';
import type { PhaseInfo } from '../catalogue/types.js';
import type { ActorKind, EventBody, Frame, Outcome } from './events.js';

/** A failure a system call returns to its caller (or, past the point of no return, the reason it dies). */
export class SysError extends Error {
  constructor(
    readonly errno: Errno,
    readonly detail: string,
  ) {
    super(`${errno}: ${detail}`);
  }
}

/**
 * Where recorded events go; the engine's recorder may hand back an edited state.
 * `record` keeps the body object itself as the event (adding `seq` and
 * `frame`), so pass a fresh object each time and do not change it afterwards.
 */
export interface EventSink {
  record(body: EventBody, frame: Frame | null, state: KernelState): KernelState;
  nextFrameId(): number;
}

/**
 * Bodies of the events the kernel façade and the engine record most, written
 * with `seq` and `frame` already in them: recording then fills two existing
 * fields instead of adding two (which costs an extra allocation per event).
 */
export const ev = {
  note: (text: string) => ({ kind: 'note', text, seq: -1, frame: null }) as EventBody,
  actorEntered: (actor: ActorKind, label: string) => ({ kind: 'actor-entered', actor, label, seq: -1, frame: null }) as EventBody,
  actorLeft: (actor: ActorKind, label: string) => ({ kind: 'actor-left', actor, label, seq: -1, frame: null }) as EventBody,
  phaseEntered: (phase: string) => ({ kind: 'phase-entered', phase, seq: -1, frame: null }) as EventBody,
  phaseLeft: (phase: string) => ({ kind: 'phase-left', phase, seq: -1, frame: null }) as EventBody,
  phaseFailed: (phase: string, errno: Errno) => ({ kind: 'phase-left', phase, errno, seq: -1, frame: null }) as EventBody,
  actionStarted: (action: number) => ({ kind: 'action-started', action, seq: -1, frame: null }) as EventBody,
  actionFinished: (action: number, outcome: Outcome) => ({ kind: 'action-finished', action, outcome, seq: -1, frame: null }) as EventBody,
};

export class Kernel {
  private frame: Frame | null;
  /** The current phase's pseudo-code line set by pc() and not yet in a frame (0: none); see settle(). */
  private line = 0;
  /** Number of pseudo-code lines of the current frame's phase; -1 when the frame is not a phase. */
  private lines = -1;
  /** Phase in which the last error was raised (for "failed in" expectations). */
  failedPhase: string | undefined;

  constructor(
    private readonly sink: EventSink,
    private current: KernelState,
    private readonly phases: ReadonlyMap<string, PhaseInfo>,
    root: Frame | null,
  ) {
    this.frame = root;
    if (root?.kind === 'phase') this.lines = phases.get(root.phase!)?.pseudo.length ?? -1;
  }

  get state(): KernelState {
    return this.current;
  }

  get currentFrame(): Frame | null {
    return this.settle();
  }

  /** Records an event that changes nothing. */
  emit(body: EventBody): void {
    this.current = this.sink.record(body, this.settle(), this.current);
  }

  /** Replaces the state and records the event describing the change. */
  change(state: KernelState, body: EventBody): void {
    this.current = this.sink.record(body, this.settle(), state);
  }

  note(text: string): void {
    this.emit(ev.note(text));
  }

  /** Runs `body` as an actor frame (glibc, fs server, exec server, kernel, …) on the given thread. */
  actor<T>(actor: ActorKind, label: string, pid: Pid, tid: Tid, body: () => T): T {
    const outer = this.settle();
    const outerLines = this.lines;
    const parent = outer;
    // Frames are built field by field: spreading them was the largest cost of a phase.
    this.frame = { kind: 'actor', label: `${actorName(actor)}: ${label}`, pid, tid, actor, pc: 1, id: this.sink.nextFrameId(), parent, depth: parent ? parent.depth + 1 : 0 };
    this.lines = -1;
    this.emit(ev.actorEntered(actor, label));
    try {
      const result = body();
      this.emit(ev.actorLeft(actor, label));
      return result;
    } catch (e) {
      this.emit(ev.actorLeft(actor, label));
      throw e;
    } finally {
      this.frame = outer;
      this.lines = outerLines;
      this.line = 0;
    }
  }

  /** Runs `body` as the catalogue phase `id`; a SysError thrown inside is recorded as the phase's error. */
  phase<T>(id: string, body: () => T): T {
    const info = this.phases.get(id);
    if (!info) throw new Error(`internal: phase ${id} is not in the catalogue`);
    const outer = this.settle();
    const pid = outer?.pid ?? 0;
    const tid = outer?.tid ?? 0;
    const outerLines = this.lines;
    this.frame = { kind: 'phase', label: info.title, pid, tid, phase: id, pc: 1, id: this.sink.nextFrameId(), parent: outer, depth: outer ? outer.depth + 1 : 0 };
    this.lines = info.pseudo.length;
    this.emit(ev.phaseEntered(id));
    try {
      const result = body();
      // The last line: pc(info.pseudo.length).
      this.line = Math.max(1, this.lines);
      this.emit(ev.phaseLeft(id));
      return result;
    } catch (e) {
      if (e instanceof SysError) {
        this.failedPhase ??= id;
        this.emit(ev.phaseFailed(id, e.errno));
      } else {
        this.emit(ev.phaseLeft(id));
      }
      throw e;
    } finally {
      this.frame = outer;
      this.lines = outerLines;
      this.line = 0;
    }
  }

  /**
   * Moves the current phase's pseudo-code line (1-based) for the debugger's
   * source view. The frame showing it is made when the next event is recorded,
   * so that several moves between two events cost one frame.
   */
  pc(line: number): void {
    if (this.lines < 0) return;
    this.line = Math.max(1, Math.min(line, this.lines));
  }

  /** The current frame with the line last set by pc(). */
  private settle(): Frame | null {
    const f = this.frame;
    if (this.line !== 0 && f && this.line !== f.pc) {
      this.frame = { kind: 'phase', label: f.label, pid: f.pid, tid: f.tid, phase: f.phase, pc: this.line, id: f.id, parent: f.parent, depth: f.depth };
    }
    this.line = 0;
    return this.frame;
  }

  /** Throws the error a phase returns. */
  fail(errno: Errno, detail: string): never {
    throw new SysError(errno, detail);
  }
}

export function actorName(actor: ActorKind): string {
  switch (actor) {
    case 'exec-server':
      return 'exec server';
    case 'fs':
      return 'fs';
    case 'new-program':
      return 'new program';
    default:
      return actor;
  }
}
