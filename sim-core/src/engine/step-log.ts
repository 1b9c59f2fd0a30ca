/**
 * Where each scheduling step started: the tape position, the frame-table
 * position and frame id, and the schedule then. An edit replays from the last
 * step before it. A long run has one step per statement, so the positions are
 * kept in typed columns and a schedule is kept only when it is not the plain
 * "next statement, nothing deferred" one, which `plain(next)` rebuilds.
 */
export class StepLog<S> {
  private tape = new Int32Array(1024);
  private frameRows = new Int32Array(1024);
  private frameIds = new Int32Array(1024);
  private next = new Int32Array(1024);
  /** The schedule of a step whose schedule is not plain; undefined otherwise. */
  private schedules: Array<S | undefined> = [];
  private count = 0;

  constructor(
    /** The `next` of a plain schedule; -1 for any other. */
    private readonly plainNext: (s: S) => number,
    private readonly plain: (next: number) => S,
  ) {}

  get length(): number {
    return this.count;
  }

  push(tapeIndex: number, frameRows: number, frameIds: number, schedule: S): void {
    const i = this.count;
    if (i === this.tape.length) this.grow();
    this.tape[i] = tapeIndex;
    this.frameRows[i] = frameRows;
    this.frameIds[i] = frameIds;
    const next = this.plainNext(schedule);
    this.next[i] = next;
    this.schedules[i] = next < 0 ? schedule : undefined;
    this.count = i + 1;
  }

  pop(): void {
    this.truncate(this.count - 1);
  }

  truncate(length: number): void {
    if (length < this.count) {
      this.count = Math.max(0, length);
      this.schedules.length = this.count;
    }
  }

  /** The last step that starts at or before tape position `at` (steps are in tape order). */
  lastAtOrBefore(at: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.tape[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  tapeIndex(i: number): number {
    return this.tape[i]!;
  }

  frameRowsAt(i: number): number {
    return this.frameRows[i]!;
  }

  frameIdsAt(i: number): number {
    return this.frameIds[i]!;
  }

  schedule(i: number): S {
    return this.schedules[i] ?? this.plain(this.next[i]!);
  }

  private grow(): void {
    const n = this.tape.length * 2;
    const int = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.tape = int(this.tape);
    this.frameRows = int(this.frameRows);
    this.frameIds = int(this.frameIds);
    this.next = int(this.next);
  }
}
