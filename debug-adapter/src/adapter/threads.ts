/**
 * DAP thread ids for simulated threads. An id belongs to a thread's stable
 * key (task name and thread name, sim-core query/threads.ts), so it stays the
 * same when time travel or de_thread changes the tid, and across restarts.
 * The registry remembers which threads the client was told about, so each
 * stop reports the threads that appeared or went away since the last one.
 */
import { query, type KernelState } from '../../../sim-core/src/index.js';

export interface DebugThread {
  readonly id: number;
  readonly key: string;
  readonly pid: number;
  readonly tid: number;
  readonly name: string;
  readonly state: string;
}

/** Shown only when no simulated thread is left (every task has exited), so a stop still has a thread. */
export const SCENARIO_THREAD_ID = 1;

export class ThreadRegistry {
  private readonly ids = new Map<string, number>();
  private nextId = SCENARIO_THREAD_ID + 1;
  private reported = new Set<number>();
  /** The last state listed: states are persistent, so an unchanged state is the same object. */
  private cached: { state: KernelState; list: readonly DebugThread[] } | undefined;

  /** The threads of a state, each with its stable id; the scenario thread when there are none. */
  threadsOf(state: KernelState): readonly DebugThread[] {
    if (this.cached?.state === state) return this.cached.list;
    const list = this.list(state);
    this.cached = { state, list };
    return list;
  }

  private list(state: KernelState): DebugThread[] {
    const list = query.listThreads(state).map((t) => {
      let id = this.ids.get(t.key);
      if (id === undefined) {
        id = this.nextId++;
        this.ids.set(t.key, id);
      }
      return { id, key: t.key, pid: t.pid, tid: t.tid, name: t.label, state: t.state };
    });
    if (list.length === 0) return [{ id: SCENARIO_THREAD_ID, key: '', pid: 0, tid: 0, name: 'scenario (no threads left)', state: 'all tasks have ended' }];
    return list;
  }

  /** Which threads started and exited since the last report (and records these as reported). */
  diff(threads: readonly DebugThread[]): { started: number[]; exited: number[] } {
    if (threads.length === this.reported.size && threads.every((t) => this.reported.has(t.id))) return { started: [], exited: [] };
    const now = new Set(threads.map((t) => t.id));
    const started = [...now].filter((id) => !this.reported.has(id));
    const exited = [...this.reported].filter((id) => !now.has(id));
    this.reported = now;
    return { started, exited };
  }

  /** Forget what the client was told (a new client connection, or the end of the session). */
  resetReported(): number[] {
    const gone = [...this.reported];
    this.reported = new Set();
    return gone;
  }
}
