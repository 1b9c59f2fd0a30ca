/**
 * The recorded run: every event with the state after it. States share structure
 * (persistent maps, copied records), so keeping one per event costs only what
 * each event changed, and restoring event k is `stateAt(k)`: constant time
 * whatever the length of the history.
 *
 * Events and states are kept in fixed-size chunks rather than two ever-growing
 * arrays: appending never copies the history, and a long run does not keep
 * reallocating arrays of hundreds of thousands of entries.
 */
import type { KernelState } from '../model/state.js';
import type { SimEvent } from './events.js';

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

export class Tape {
  private readonly eventChunks: SimEvent[][] = [];
  private readonly stateChunks: KernelState[][] = [];
  private count = 0;
  /** A view of every event, rebuilt when asked after the tape changed. */
  private flat: SimEvent[] | undefined;

  constructor(private initialState: KernelState) {}

  get length(): number {
    return this.count;
  }

  get initial(): KernelState {
    return this.initialState;
  }

  push(event: SimEvent, state: KernelState): void {
    const i = this.count & CHUNK_MASK;
    if (i === 0) {
      this.eventChunks.push(new Array<SimEvent>(CHUNK));
      this.stateChunks.push(new Array<KernelState>(CHUNK));
    }
    const c = this.count >>> CHUNK_BITS;
    this.eventChunks[c]![i] = event;
    this.stateChunks[c]![i] = state;
    this.count++;
    if (this.flat) this.flat.push(event);
  }

  event(i: number): SimEvent {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no event ${i} (tape has ${this.count})`);
    return this.eventChunks[i >>> CHUNK_BITS]![i & CHUNK_MASK]!;
  }

  /** State after event i; -1 is the state before the first event. */
  stateAt(i: number): KernelState {
    if (i === -1) return this.initialState;
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no state after event ${i} (tape has ${this.count})`);
    return this.stateChunks[i >>> CHUNK_BITS]![i & CHUNK_MASK]!;
  }

  /** Forgets events from index `length` on. */
  truncate(length: number): void {
    if (length >= this.count) return;
    const chunks = (length + CHUNK_MASK) >>> CHUNK_BITS;
    this.eventChunks.length = chunks;
    this.stateChunks.length = chunks;
    // Let the forgotten part of the last chunk go.
    for (let i = length; i < chunks * CHUNK && i < this.count; i++) {
      this.eventChunks[i >>> CHUNK_BITS]![i & CHUNK_MASK] = undefined as unknown as SimEvent;
      this.stateChunks[i >>> CHUNK_BITS]![i & CHUNK_MASK] = undefined as unknown as KernelState;
    }
    this.count = length;
    if (this.flat) this.flat.length = length;
  }

  replaceInitial(state: KernelState): void {
    this.initialState = state;
  }

  /** Read-only view of the events recorded so far (kept up to date once asked for). */
  all(): readonly SimEvent[] {
    if (!this.flat) {
      const out = new Array<SimEvent>(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.eventChunks[i >>> CHUNK_BITS]![i & CHUNK_MASK]!;
      this.flat = out;
    }
    return this.flat;
  }
}
