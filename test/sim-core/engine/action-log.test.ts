import * as assert from 'node:assert/strict';
import { ActionLogs } from '../../../sim-core/src/engine/action-log.js';

describe('action log', () => {
  it('reads as a map in the order statements started, not by index', () => {
    const l = new ActionLogs();
    l.start(0, 1);
    l.start(2, 5);
    l.start(1, 9);
    assert.deepEqual([...l.keys()], [0, 2, 1]);
    assert.deepEqual([...l].map(([i, r]) => [i, r.started]), [
      [0, 1],
      [2, 5],
      [1, 9],
    ]);
    assert.deepEqual([l.size, l.has(1), l.has(3), l.get(3)], [3, true, false, undefined]);
    const seen: number[] = [];
    l.forEach((r, i) => seen.push(i * 100 + r.started));
    assert.deepEqual(seen, [1, 205, 109]);
  });

  it('keeps what a statement did as it goes', () => {
    const l = new ActionLogs();
    const r = l.start(4, 20);
    r.ponr = true;
    r.finished = 31;
    r.outcome = { ok: false, killed: 'SIGSEGV', detail: 'after the point of no return' };
    assert.deepEqual({ ...l.get(4) }, { started: 20, ponr: true, finished: 31, outcome: { ok: false, killed: 'SIGSEGV', detail: 'after the point of no return' } });
  });

  it('starts a statement again without listing it twice', () => {
    const l = new ActionLogs();
    l.start(0, 1);
    l.start(0, 7);
    assert.deepEqual([l.size, [...l.keys()], l.get(0)!.started], [1, [0], 7]);
  });
});
