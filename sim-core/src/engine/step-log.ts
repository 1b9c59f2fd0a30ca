/**
 * Where each scheduling step started: the tape position, the frame-table
 * position and frame id, and the schedule then. An edit replays from the last
 * step before it. A long run has one step per statement, so the positions are
 * kept in typed columns and a schedule is kept only when it is not the plain
 * "next statement, nothing deferred" one, which `plain(next)` rebuilds.
 */
import { IntRows } from './int-rows.js';

const TAPE = 0;
const FRAME_ROWS = 1;
const FRAME_IDS = 2;
const NEXT = 3;

export class StepLog<S> {
  private readonly rows = new IntRows(4);
  /** The schedule of a step whose schedule is not plain; undefined otherwise. */
  private readonly schedules: Array<S | undefined> = [];

  constructor(
    /** The `next` of a plain schedule; -1 for any other. */
    private readonly plainNext: (s: S) => number,
    private readonly plain: (next: number) => S,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  push(tapeIndex: number, frameRows: number, frameIds: number, schedule: S): void {
    const i = this.rows.append();
    const next = this.plainNext(schedule);
    this.rows.set(i, TAPE, tapeIndex);
    this.rows.set(i, FRAME_ROWS, frameRows);
    this.rows.set(i, FRAME_IDS, frameIds);
    this.rows.set(i, NEXT, next);
    this.schedules[i] = next < 0 ? schedule : undefined;
  }

  pop(): void {
    this.truncate(this.length - 1);
  }

  truncate(length: number): void {
    this.rows.truncate(length);
    if (this.schedules.length > this.rows.length) this.schedules.length = this.rows.length;
  }

  /** The last step that starts at or before tape position `at` (steps are in tape order). */
  lastAtOrBefore(at: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.rows.get(mid, TAPE) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  tapeIndex(i: number): number {
    return this.rows.get(i, TAPE);
  }

  frameRowsAt(i: number): number {
    return this.rows.get(i, FRAME_ROWS);
  }

  frameIdsAt(i: number): number {
    return this.rows.get(i, FRAME_IDS);
  }

  schedule(i: number): S {
    return this.schedules[i] ?? this.plain(this.rows.get(i, NEXT));
  }
}
