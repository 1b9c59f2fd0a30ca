/**
 * The façade personalities program against: it holds the current state, records
 * every change as an event, and keeps the call chain (action › actor › phase).
 * Personalities never touch the tape; they call `change`, `emit`, `actor` and `phase`.
 */
import type { Errno } from '../model/errno.js';
import type { KernelState, Pid, Tid } from '../model/state.js';
import type { PhaseInfo } from '../catalogue/types.js';
import type { ActorKind, EventBody, Frame } from './events.js';
import type { FrameTable } from './frame-table.js';
import { ACTOR_ENTERED, ACTOR_LEFT, PHASE_ENTERED, PHASE_LEFT, type BareKind } from './tape.js';

/**
 * A failure a system call returns to its caller (or, past the point of no
 * return, the reason it dies). Not an Error: a failing call is an ordinary
 * outcome (a close of a closed fd is EBADF), and an Error captures a stack
 * trace when it is made, which took a fifth of a run's time in a batch with
 * many failing calls. Anything else thrown is a simulator bug, an Error with
 * its stack.
 */
export class SysError {
  readonly name = 'SysError';

  constructor(
    readonly errno: Errno,
    readonly detail: string,
  ) {}

  get message(): string {
    return `${this.errno}: ${this.detail}`;
  }

  toString(): string {
    return `SysError: ${this.message}`;
  }
}

/**
 * Where recorded events go; the engine's recorder may hand back an edited state.
 * `record` keeps the body object itself, so pass a fresh object each time and
 * do not change it afterwards. Frames are rows of the sink's frame table.
 */
export interface EventSink {
  readonly frames: FrameTable;
  record(body: EventBody, frame: number, state: KernelState): KernelState;
  /** Records an event whose whole content is its kind and its frame (see tape.ts). */
  recordBare(kind: BareKind, frame: number, state: KernelState): KernelState;
}

export class Kernel {
  /** Row of the innermost frame in the sink's frame table (-1: none). */
  private frame: number;
  /** The current phase's pseudo-code line set by pc() and not yet in a frame (0: none); see settle(). */
  private line = 0;
  /** Number of pseudo-code lines of the current frame's phase; -1 when the frame is not a phase. */
  private lines = -1;
  /** Phase in which the last error was raised (for "failed in" expectations). */
  failedPhase: string | undefined;
  private readonly frames: FrameTable;

  constructor(
    private readonly sink: EventSink,
    private current: KernelState,
    private readonly phases: ReadonlyMap<string, PhaseInfo>,
    root: number,
  ) {
    this.frames = sink.frames;
    this.frame = root;
    if (this.frames.isPhase(root)) this.lines = this.frames.phaseInfo(root).pseudo.length;
  }

  get state(): KernelState {
    return this.current;
  }

  get currentFrame(): Frame | null {
    return this.frames.frame(this.settle());
  }

  /** The task running the innermost frame (0 outside any). */
  get currentPid(): Pid {
    return this.frames.pid(this.frame);
  }

  /** The thread running the innermost frame (0 outside any). */
  get currentTid(): Tid {
    return this.frames.tid(this.frame);
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
    this.emit({ kind: 'note', text });
  }

  /** Runs `body` as an actor frame (glibc, fs server, exec server, kernel, …) on the given thread. */
  actor<T>(actor: ActorKind, label: string, pid: Pid, tid: Tid, body: () => T): T {
    const outer = this.settle();
    const outerLines = this.lines;
    const frame = this.sink.frames.actor(outer, actor, label, pid, tid);
    this.frame = frame;
    this.lines = -1;
    this.current = this.sink.recordBare(ACTOR_ENTERED, frame, this.current);
    try {
      const result = body();
      this.current = this.sink.recordBare(ACTOR_LEFT, this.settle(), this.current);
      return result;
    } catch (e) {
      this.current = this.sink.recordBare(ACTOR_LEFT, this.settle(), this.current);
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
    const outerLines = this.lines;
    const frame = this.frames.phase(outer, info);
    this.frame = frame;
    this.lines = info.pseudo.length;
    this.current = this.sink.recordBare(PHASE_ENTERED, frame, this.current);
    try {
      const result = body();
      // Left at the last line; the tape shows the phase's row there (tape.ts: PHASE_LEFT).
      this.line = 0;
      this.current = this.sink.recordBare(PHASE_LEFT, this.frame, this.current);
      return result;
    } catch (e) {
      if (e instanceof SysError) {
        this.failedPhase ??= id;
        this.current = this.sink.record({ kind: 'phase-left', phase: id, errno: e.errno }, this.settle(), this.current);
      } else {
        // Not a return of the phase: left where it was.
        this.current = this.sink.record({ kind: 'phase-left', phase: id }, this.settle(), this.current);
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
   * source view. The frame row showing it is made when the next event is
   * recorded, so that several moves between two events cost one row.
   */
  pc(line: number): void {
    if (this.lines < 0) return;
    this.line = Math.max(1, Math.min(line, this.lines));
  }

  /** The current frame row with the line last set by pc(). */
  private settle(): number {
    const f = this.frame;
    if (this.line !== 0 && f >= 0 && this.line !== this.frames.pc(f)) this.frame = this.frames.withPc(f, this.line);
    this.line = 0;
    return this.frame;
  }

  /** Throws the error a phase returns. */
  fail(errno: Errno, detail: string): never {
    throw new SysError(errno, detail);
  }
}

