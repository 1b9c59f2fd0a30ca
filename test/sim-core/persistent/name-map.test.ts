import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { inspect } from 'node:util';
import { withName } from '../../../sim-core/src/persistent/name-map.js';

describe('process names as a persistent record', () => {
  it('reads like the plain record it extends, with the new name last', () => {
    const names = withName({ shell: 100, init: 1 }, 'kid', 101);
    assert.equal(names['kid'], 101);
    assert.equal(names['shell'], 100);
    assert.equal(names['nobody'], undefined);
    assert.ok('init' in names);
    assert.ok(!('nobody' in names));
    assert.deepEqual(Object.keys(names), ['shell', 'init', 'kid']);
    assert.deepEqual(Object.entries(names), [['shell', 100], ['init', 1], ['kid', 101]]);
    assert.equal(JSON.stringify(names), JSON.stringify({ shell: 100, init: 1, kid: 101 }));
    assert.deepEqual({ ...names }, { shell: 100, init: 1, kid: 101 });
  });

  it('leaves the record it was made from unchanged', () => {
    const a = withName({ shell: 100 }, 'kid0', 101);
    const b = withName(a, 'kid1', 102);
    const c = withName(a, 'kid1', 103);
    assert.deepEqual({ ...a }, { shell: 100, kid0: 101 });
    assert.deepEqual({ ...b }, { shell: 100, kid0: 101, kid1: 102 });
    assert.deepEqual({ ...c }, { shell: 100, kid0: 101, kid1: 103 });
  });

  it('rebinds an existing name in place in the order', () => {
    const names = withName(withName({ a: 1, b: 2 }, 'a', 7), 'c', 3);
    assert.deepEqual(Object.entries(names), [['a', 7], ['b', 2], ['c', 3]]);
  });

  it('refuses writes: a changed name must make a new record', () => {
    const names = withName({}, 'kid', 101) as Record<string, number>;
    assert.throws(() => {
      names['other'] = 5;
    }, /read-only/);
    assert.throws(() => {
      delete names['kid'];
    }, /read-only/);
    assert.equal(names['kid'], 101);
  });

  it('keeps the members every object has', () => {
    const names = withName({}, 'kid', 101);
    assert.ok(Object.prototype.hasOwnProperty.call(names, 'kid'));
    assert.ok(!Object.prototype.hasOwnProperty.call(names, 'toString'));
    assert.equal(typeof names.toString, 'function');
  });

  it('prints its entries like a plain record', () => {
    assert.equal(inspect(withName({ shell: 100 }, 'kid', 101)), inspect({ shell: 100, kid: 101 }));
  });

  it('agrees with a plain object over random sequences of names', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), fc.nat(1000)), { maxLength: 60 }), (pairs) => {
        let plain: Record<string, number> = {};
        let persistent: Readonly<Record<string, number>> = {};
        for (const [n, v] of pairs) {
          plain = { ...plain, [n]: v };
          persistent = withName(persistent, n, v);
        }
        assert.deepEqual(Object.entries(persistent), Object.entries(plain));
        for (const [n] of pairs) assert.equal(persistent[n], plain[n]);
      }),
      { numRuns: 300 },
    );
  });
});
