/**
 * Rows of a fixed number of 32-bit integer fields, kept outside the JS heap in
 * chunks of 4,096 rows: appending never copies what is there, and the garbage
 * collector never looks inside. The frame table and the step log keep a row
 * per frame and per step of a run, hundreds of thousands of them.
 */
const CHUNK_BITS = 12;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

export class IntRows {
  private readonly chunks: Int32Array[] = [];
  private count = 0;

  constructor(
    /** Fields per row. */
    private readonly stride: number,
  ) {}

  get length(): number {
    return this.count;
  }

  /** Appends a row and returns its index; the caller sets its fields. */
  append(): number {
    const row = this.count;
    if (this.chunks.length === row >>> CHUNK_BITS) this.chunks.push(new Int32Array((CHUNK_MASK + 1) * this.stride));
    this.count = row + 1;
    return row;
  }

  get(row: number, field: number): number {
    return this.chunks[row >>> CHUNK_BITS]![(row & CHUNK_MASK) * this.stride + field]!;
  }

  set(row: number, field: number, value: number): void {
    this.chunks[row >>> CHUNK_BITS]![(row & CHUNK_MASK) * this.stride + field] = value;
  }

  /** Forgets rows from `length` on. */
  truncate(length: number): void {
    if (length >= this.count) return;
    this.count = Math.max(0, length);
    this.chunks.length = (this.count + CHUNK_MASK) >>> CHUNK_BITS;
  }
}
