import * as assert from 'node:assert/strict';
import { rememberLast } from '../../../sim-core/src/model/remember-last.js';

describe('rememberLast', () => {
  it('gives back the value made last for the same arguments, compared by identity', () => {
    let made = 0;
    const pair = rememberLast((a: number, b: readonly string[]) => ({ a, b, n: ++made }));
    const list = ['x'];
    const first = pair(1, list);
    assert.equal(pair(1, list), first);
    assert.deepEqual(first, { a: 1, b: ['x'], n: 1 });
    assert.deepEqual(pair(1, ['x']), { a: 1, b: ['x'], n: 2 });
    assert.equal(made, 2);
  });

  it('holds one entry: going back to earlier arguments makes the value again', () => {
    let made = 0;
    const text = rememberLast((s: string) => `${s}#${++made}`);
    assert.deepEqual([text('a'), text('b'), text('b'), text('a')], ['a#1', 'b#2', 'b#2', 'a#3']);
  });

  it('keeps what it had when a call throws, and remembers undefined like any argument', () => {
    let made = 0;
    const check = rememberLast((v: number | undefined) => {
      made++;
      if (v === 0) throw new RangeError('zero');
      return v ?? -1;
    });
    assert.equal(check(2), 2);
    assert.throws(() => check(0), RangeError);
    assert.equal(check(2), 2);
    assert.equal(made, 2);
    assert.equal(check(undefined), -1);
    assert.equal(check(undefined), -1);
    assert.equal(made, 3);
  });
});
