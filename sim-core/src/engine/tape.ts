/**
 * The recorded run: every event with the state after it. States share structure
 * (persistent maps, copied records), so keeping one per event costs only what
 * each event changed, and restoring event k is `stateAt(k)`: constant time
 * whatever the length of the history.
 *
 * Events are kept in columns, not as objects: a frame row (see
 * frame-table.ts), a code saying whether the event is one of the bare kinds
 * whose content is all in its frame (a phase or actor entered or left, a
 * statement started: more than half of all events), the body the personality
 * recorded for the others, and the state. A run of 100k statements keeps
 * ~800k events; as objects, with their frames, they were the largest thing in
 * memory and most of the garbage collector's work. The {@link SimEvent}
 * objects readers get are made from the columns when asked for.
 *
 * Columns are fixed-size chunks: appending never copies the history.
 */
import type { KernelState } from '../model/state.js';
import type { EventBody, Outcome, SimEvent } from './events.js';
import type { FrameTable } from './frame-table.js';

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const RECENT = 256;

/** Events whose whole content is their kind and their frame. */
export const BODY = 0;
export const PHASE_ENTERED = 1;
/** A phase returned: the frame column holds the phase's row, shown at the phase's last line. */
export const PHASE_LEFT = 2;
export const ACTOR_ENTERED = 3;
export const ACTOR_LEFT = 4;
export const ACTION_STARTED = 5;
/** A statement finished: the body column holds only its outcome. */
export const ACTION_FINISHED = 6;
export type BareKind = typeof PHASE_ENTERED | typeof PHASE_LEFT | typeof ACTOR_ENTERED | typeof ACTOR_LEFT | typeof ACTION_STARTED;

export class Tape {
  private readonly codes: Uint8Array[] = [];
  private readonly frameRows: Int32Array[] = [];
  private readonly bodies: Array<Array<EventBody | Outcome | undefined>> = [];
  private readonly states: KernelState[][] = [];
  private count = 0;
  /** A view of every event, rebuilt when asked after the tape changed. */
  private flat: SimEvent[] | undefined;
  /**
   * The events made most recently, by position modulo the cache size: the
   * debugger reads the event at the cursor several times per step (stop
   * reason, breakpoints, hit counts), and gets the same object each time.
   */
  private readonly recentAt = new Int32Array(RECENT).fill(-1);
  private readonly recent: Array<SimEvent | undefined> = new Array(RECENT);

  constructor(
    private initialState: KernelState,
    /** Where the frame rows of this tape's events are. */
    readonly frames: FrameTable,
  ) {}

  get length(): number {
    return this.count;
  }

  get initial(): KernelState {
    return this.initialState;
  }

  /** Appends an event: `code` is BODY with the body, ACTION_FINISHED with the outcome, or a bare kind with nothing. */
  push(code: number, body: EventBody | Outcome | undefined, frame: number, state: KernelState): void {
    const i = this.count & CHUNK_MASK;
    if (i === 0) {
      this.codes.push(new Uint8Array(CHUNK));
      this.frameRows.push(new Int32Array(CHUNK));
      this.bodies.push(new Array<EventBody | Outcome | undefined>(CHUNK));
      this.states.push(new Array<KernelState>(CHUNK));
    }
    const c = this.count >>> CHUNK_BITS;
    this.codes[c]![i] = code;
    this.frameRows[c]![i] = frame;
    this.bodies[c]![i] = body;
    this.states[c]![i] = state;
    this.count++;
    if (this.flat) this.flat.push(this.make(this.count - 1));
  }

  /** Event i, made from the columns (the same object for a position read again soon, or always once {@link all} was asked for). */
  event(i: number): SimEvent {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no event ${i} (tape has ${this.count})`);
    if (this.flat) return this.flat[i]!;
    const slot = i & (RECENT - 1);
    if (this.recentAt[slot] === i) return this.recent[slot]!;
    const e = this.make(i);
    this.recentAt[slot] = i;
    this.recent[slot] = e;
    return e;
  }

  /** Frame row of event i (-1: between statements). */
  frameRowOf(i: number): number {
    return this.frameRows[i >>> CHUNK_BITS]![i & CHUNK_MASK]!;
  }

  /** State after event i; -1 is the state before the first event. */
  stateAt(i: number): KernelState {
    if (i === -1) return this.initialState;
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no state after event ${i} (tape has ${this.count})`);
    return this.states[i >>> CHUNK_BITS]![i & CHUNK_MASK]!;
  }

  /** Forgets events from index `length` on. */
  truncate(length: number): void {
    if (length >= this.count) return;
    const chunks = (length + CHUNK_MASK) >>> CHUNK_BITS;
    this.codes.length = chunks;
    this.frameRows.length = chunks;
    this.bodies.length = chunks;
    this.states.length = chunks;
    // Let the forgotten part of the last chunk go.
    for (let i = length; i < chunks * CHUNK && i < this.count; i++) {
      this.bodies[i >>> CHUNK_BITS]![i & CHUNK_MASK] = undefined;
      this.states[i >>> CHUNK_BITS]![i & CHUNK_MASK] = undefined as unknown as KernelState;
    }
    this.count = length;
    if (this.flat) this.flat.length = length;
    // A replay records new events at these positions.
    for (let slot = 0; slot < RECENT; slot++) {
      if (this.recentAt[slot]! >= length) {
        this.recentAt[slot] = -1;
        this.recent[slot] = undefined;
      }
    }
  }

  replaceInitial(state: KernelState): void {
    this.initialState = state;
  }

  /** Read-only view of the events recorded so far (kept up to date once asked for). */
  all(): readonly SimEvent[] {
    if (!this.flat) {
      const out = new Array<SimEvent>(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.make(i);
      this.flat = out;
    }
    return this.flat;
  }

  private make(i: number): SimEvent {
    const c = i >>> CHUNK_BITS;
    const j = i & CHUNK_MASK;
    const row = this.frameRows[c]![j]!;
    const code = this.codes[c]![j]!;
    const frame = code === PHASE_LEFT ? this.frames.frameAtEnd(row) : this.frames.frame(row);
    switch (code) {
      case PHASE_ENTERED:
        return { kind: 'phase-entered', phase: this.frames.phaseInfo(row).id, seq: i, frame };
      case PHASE_LEFT:
        return { kind: 'phase-left', phase: this.frames.phaseInfo(row).id, seq: i, frame };
      case ACTOR_ENTERED: {
        const { actor, label } = this.frames.actorOf(row);
        return { kind: 'actor-entered', actor, label, seq: i, frame };
      }
      case ACTOR_LEFT: {
        const { actor, label } = this.frames.actorOf(row);
        return { kind: 'actor-left', actor, label, seq: i, frame };
      }
      case ACTION_STARTED:
        return { kind: 'action-started', action: this.frames.actionOf(row).index, seq: i, frame };
      case ACTION_FINISHED:
        return { kind: 'action-finished', action: this.frames.actionOf(row).index, outcome: this.bodies[c]![j] as Outcome, seq: i, frame };
      default:
        return { ...(this.bodies[c]![j] as EventBody), seq: i, frame } as SimEvent;
    }
  }
}
