import * as assert from 'node:assert/strict';
import { IntMap } from '../../../sim-core/src/index.js';

describe('IntMap.entriesAt', () => {
  it('pages a sparse map by position, not by key', () => {
    const m = IntMap.from([0, 1, 2, 7, 40, 1000, 33000].map((k) => [k, `v${k}`] as const));
    assert.deepEqual(m.entriesAt(0, 3), [[0, 'v0'], [1, 'v1'], [2, 'v2']]);
    assert.deepEqual(m.entriesAt(3, 3), [[7, 'v7'], [40, 'v40'], [1000, 'v1000']]);
    assert.deepEqual(m.entriesAt(6, 10), [[33000, 'v33000']]);
  });

  it('returns nothing past the end or for a negative start', () => {
    const m = IntMap.from([[5, 'a']] as const);
    assert.deepEqual(m.entriesAt(1, 5), []);
    assert.deepEqual(m.entriesAt(-1, 5), []);
    assert.deepEqual(IntMap.empty<string>().entriesAt(0, 5), []);
  });

  it('finds the page at any rank of a 100k-entry map with holes', () => {
    const keys: number[] = [];
    for (let k = 0; k < 200_000; k += 2) keys.push(k);
    const m = IntMap.from(keys.map((k) => [k, k] as const));
    for (const rank of [0, 1, 31, 32, 1023, 1024, 50_000, 99_999]) {
      assert.deepEqual(m.entriesAt(rank, 2).map(([k]) => k), keys.slice(rank, rank + 2), `rank ${rank}`);
    }
  });
});
