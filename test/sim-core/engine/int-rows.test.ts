import * as assert from 'node:assert/strict';
import { IntRows } from '../../../sim-core/src/engine/int-rows.js';

describe('int rows', () => {
  it('keeps each row’s fields apart, across chunk boundaries', () => {
    const r = new IntRows(3);
    for (let i = 0; i < 10_000; i++) {
      const row = r.append();
      assert.equal(row, i);
      r.set(row, 0, i);
      r.set(row, 1, -i);
      r.set(row, 2, i * 7);
    }
    assert.equal(r.length, 10_000);
    assert.deepEqual([4_095, 4_096, 9_999].map((i) => [r.get(i, 0), r.get(i, 1), r.get(i, 2)]), [
      [4_095, -4_095, 28_665],
      [4_096, -4_096, 28_672],
      [9_999, -9_999, 69_993],
    ]);
  });

  it('appends after a truncation at the rows it forgot, keeping the rows before', () => {
    const r = new IntRows(1);
    for (let i = 0; i < 5_000; i++) r.set(r.append(), 0, i + 1);
    r.truncate(4_096);
    assert.equal(r.length, 4_096);
    const row = r.append();
    r.set(row, 0, -1);
    assert.deepEqual([row, r.get(4_095, 0), r.get(4_096, 0)], [4_096, 4_096, -1]);
    r.truncate(-3);
    assert.equal(r.length, 0);
    r.set(r.append(), 0, 9);
    assert.equal(r.get(0, 0), 9);
  });
});
