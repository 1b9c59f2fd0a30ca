/**
 * The recorded run: every event with the state after it. States share structure
 * (persistent maps, copied records), so keeping one per event costs only what
 * each event changed, and restoring event k is `stateAt(k)`: constant time
 * whatever the length of the history.
 */
import type { KernelState } from '../model/state.js';
import type { SimEvent } from './events.js';

export class Tape {
  private readonly events: SimEvent[] = [];
  private readonly states: KernelState[] = [];

  constructor(private initialState: KernelState) {}

  get length(): number {
    return this.events.length;
  }

  get initial(): KernelState {
    return this.initialState;
  }

  push(event: SimEvent, state: KernelState): void {
    this.events.push(event);
    this.states.push(state);
  }

  event(i: number): SimEvent {
    const e = this.events[i];
    if (!e) throw new RangeError(`no event ${i} (tape has ${this.events.length})`);
    return e;
  }

  /** State after event i; -1 is the state before the first event. */
  stateAt(i: number): KernelState {
    if (i < 0) return this.initialState;
    const s = this.states[i];
    if (!s) throw new RangeError(`no state after event ${i} (tape has ${this.states.length})`);
    return s;
  }

  /** Forgets events from index `length` on. */
  truncate(length: number): void {
    this.events.length = length;
    this.states.length = length;
  }

  replaceInitial(state: KernelState): void {
    this.initialState = state;
  }

  /** Read-only view of the events recorded so far. */
  all(): readonly SimEvent[] {
    return this.events;
  }
}
