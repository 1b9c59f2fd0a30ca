import * as assert from 'node:assert/strict';
import { insertOnly, mergeIds, setid } from '../../../../sim-core/src/personalities/hurd/idvec.js';

describe('Hurd id vectors (idvec.c)', () => {
  it('makes the new id effective and keeps the old effective id available as real, the new one as saved', () => {
    assert.deepEqual(setid([1000], [], 0), { eff: [0], avail: [1000, 0], secure: true });
  });

  it('puts the new id at position 1 of the available ids, removing it further on', () => {
    assert.deepEqual(setid([1000], [1000, 1000], 0), { eff: [0], avail: [1000, 0, 1000], secure: true });
  });

  it('is not secure when the id is already effective', () => {
    assert.equal(setid([0, 5], [1000], 0).secure, false);
  });

  it('is not secure when the id is already available', () => {
    assert.equal(setid([1000], [1000, 0], 0).secure, false);
  });

  it('makes the id the only effective one when there was none', () => {
    assert.deepEqual(setid([], [], 7), { eff: [7], avail: [], secure: true });
  });

  it('keeps duplicates within the merged ids but skips ids already present', () => {
    assert.deepEqual(mergeIds([], [0, 0]), [0, 0]);
    assert.deepEqual(mergeIds([5], [5, 6, 6]), [5, 6, 6]);
  });

  it('inserts only: nothing to do when the id is already at the position', () => {
    assert.deepEqual(insertOnly([1, 2, 3], 1, 2), [1, 2, 3]);
    assert.deepEqual(insertOnly([1, 3, 2], 1, 2), [1, 2, 3]);
  });
});
