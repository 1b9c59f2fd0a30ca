import * as assert from 'node:assert/strict';
import { StepLog } from '../../../sim-core/src/engine/step-log.js';

interface Sched {
  readonly stage: string;
  readonly next: number;
}

const log = () => new StepLog<Sched>((s) => (s.stage === 'actions' ? s.next : -1), (next) => ({ stage: 'actions', next }));

describe('step log', () => {
  it('gives back each step: tape and frame positions and its schedule, plain or not', () => {
    const l = log();
    l.push(0, 0, 0, { stage: 'initial', next: 0 });
    l.push(3, 2, 5, { stage: 'actions', next: 0 });
    l.push(9, 7, 11, { stage: 'finishing', next: 2 });
    assert.equal(l.length, 3);
    assert.deepEqual([0, 1, 2].map((i) => [l.tapeIndex(i), l.frameRowsAt(i), l.frameIdsAt(i), l.schedule(i)]), [
      [0, 0, 0, { stage: 'initial', next: 0 }],
      [3, 2, 5, { stage: 'actions', next: 0 }],
      [9, 7, 11, { stage: 'finishing', next: 2 }],
    ]);
  });

  it('finds the last step starting at or before a tape position', () => {
    const l = log();
    for (const at of [0, 0, 4, 10, 11]) l.push(at, 0, 0, { stage: 'actions', next: 0 });
    assert.deepEqual([0, 3, 4, 9, 10, 11, 99].map((at) => l.lastAtOrBefore(at)), [1, 1, 2, 2, 3, 4, 4]);
  });

  it('truncates and pops, and grows past its first capacity', () => {
    const l = log();
    for (let i = 0; i < 3_000; i++) l.push(i * 2, i, i, { stage: i % 2 ? 'actions' : 'finishing', next: i });
    l.pop();
    assert.equal(l.length, 2_999);
    l.truncate(1_500);
    assert.deepEqual([l.length, l.tapeIndex(1_499), l.schedule(1_499), l.schedule(1_498)], [1_500, 2_998, { stage: 'actions', next: 1_499 }, { stage: 'finishing', next: 1_498 }]);
    l.push(5, 5, 5, { stage: 'initial', next: 0 });
    assert.deepEqual(l.schedule(1_500), { stage: 'initial', next: 0 });
  });
});
