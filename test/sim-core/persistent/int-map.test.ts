import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { IntMap } from '../../../sim-core/src/persistent/int-map.js';

const MAX = 2 ** 30 - 1;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function mapOf(keys: number[]): IntMap<string> {
  return IntMap.from(keys.map((k) => [k, `v${k}`] as const));
}

describe('IntMap', () => {
  describe('empty map', () => {
    it('has no keys, no maximum and 0 as lowest free key', () => {
      const m = IntMap.empty<string>();
      assert.equal(m.size, 0);
      assert.equal(m.get(0), undefined);
      assert.equal(m.has(0), false);
      assert.equal(m.maxKey(), -1);
      assert.equal(m.minKey(), -1);
      assert.equal(m.lowestFree(), 0);
      assert.equal(m.lowestFree(7), 7);
      assert.deepEqual(m.entries(), []);
      assert.deepEqual(m.page(0, 10), []);
    });

    it('is one shared instance', () => {
      assert.equal(IntMap.empty<number>(), IntMap.empty<string>());
      assert.equal(IntMap.from([]), IntMap.empty());
    });
  });

  describe('set and get', () => {
    it('returns a new map and leaves the old one unchanged', () => {
      const a = IntMap.empty<string>().set(3, 'x');
      const b = a.set(3, 'y').set(40, 'z');
      assert.deepEqual(a.entries(), [[3, 'x']]);
      assert.deepEqual(b.entries(), [[3, 'y'], [40, 'z']]);
      assert.equal(a.size, 1);
      assert.equal(b.size, 2);
    });

    it('returns the same map when the key already holds that value', () => {
      const v = { n: 1 };
      const a = IntMap.empty<object>().set(5, v);
      assert.equal(a.set(5, v), a);
    });

    it('overwriting a key keeps the size', () => {
      const m = mapOf([1, 2, 3]).set(2, 'again');
      assert.equal(m.size, 3);
      assert.equal(m.get(2), 'again');
    });

    it('grows to the largest key and shrinks back when it is deleted', () => {
      const m = mapOf([0, 1]).set(MAX, 'top');
      assert.equal(m.get(MAX), 'top');
      assert.equal(m.maxKey(), MAX);
      assert.equal(m.size, 3);
      const back = m.delete(MAX);
      assert.equal(back.maxKey(), 1);
      assert.deepEqual(back.keys(), [0, 1]);
    });

    it('rejects keys that are negative, fractional or 2^30 and above', () => {
      const m = IntMap.empty<string>();
      assert.throws(() => m.set(-1, 'x'), { name: 'RangeError', message: 'IntMap key out of range: -1' });
      assert.throws(() => m.set(1.5, 'x'), { name: 'RangeError', message: 'IntMap key out of range: 1.5' });
      assert.throws(() => m.set(2 ** 30, 'x'), { name: 'RangeError', message: `IntMap key out of range: ${2 ** 30}` });
      assert.throws(() => m.set(Number.NaN, 'x'), { name: 'RangeError', message: 'IntMap key out of range: NaN' });
    });

    it('rejects undefined values', () => {
      assert.throws(() => IntMap.empty<string | undefined>().set(1, undefined), {
        name: 'TypeError',
        message: 'IntMap values cannot be undefined; use delete',
      });
    });

    it('finds nothing at keys that are not valid', () => {
      const m = mapOf([0, 1, 2]);
      assert.equal(m.get(1.5), undefined);
      assert.equal(m.get(-1), undefined);
      assert.equal(m.get(2 ** 31), undefined);
      assert.equal(m.has(Number.NaN), false);
    });
  });

  describe('delete', () => {
    it('returns the same map when the key is absent', () => {
      const m = mapOf([1, 2]);
      assert.equal(m.delete(3), m);
      assert.equal(m.delete(5000), m);
      assert.equal(m.delete(-4), m);
    });

    it('removes the key and leaves the old version whole', () => {
      const a = mapOf(range(0, 100));
      const b = a.delete(50);
      assert.equal(a.get(50), 'v50');
      assert.equal(b.get(50), undefined);
      assert.equal(b.size, 99);
      assert.equal(a.size, 100);
    });

    it('deleting every key gives the empty map', () => {
      let m = mapOf([3, 70, 4000]);
      for (const k of [70, 3, 4000]) m = m.delete(k);
      assert.equal(m, IntMap.empty());
    });
  });

  describe('lowestFree', () => {
    it('skips full subtrees', () => {
      const m = mapOf(range(0, 1024));
      assert.equal(m.lowestFree(), 1024);
      const holed = m.delete(500);
      assert.equal(holed.lowestFree(), 500);
      assert.equal(holed.lowestFree(500), 500);
      assert.equal(holed.lowestFree(501), 1024);
    });

    it('starts at from when from is free or past every key', () => {
      const m = mapOf([0, 1, 2, 10]);
      assert.equal(m.lowestFree(), 3);
      assert.equal(m.lowestFree(5), 5);
      assert.equal(m.lowestFree(10), 11);
      assert.equal(m.lowestFree(100_000), 100_000);
    });

    it('gives the first key above a full root', () => {
      assert.equal(mapOf(range(0, 32)).lowestFree(), 32);
      assert.equal(mapOf(range(0, 32)).lowestFree(31), 32);
    });
  });

  describe('iteration', () => {
    it('visits in key order from a key and stops when asked', () => {
      const m = mapOf([40, 2, 1000, 33, 7]);
      const seen: number[] = [];
      m.forEach((_, k) => {
        seen.push(k);
        return k < 40;
      }, 5);
      assert.deepEqual(seen, [7, 33, 40]);
    });

    it('pages entries from a key', () => {
      const m = mapOf(range(0, 100));
      assert.deepEqual(m.page(95, 3), [[95, 'v95'], [96, 'v96'], [97, 'v97']]);
      assert.deepEqual(m.page(98, 10), [[98, 'v98'], [99, 'v99']]);
      assert.deepEqual(m.page(0, 0), []);
      assert.deepEqual(m.page(200, 5), []);
    });

    it('pages entries by rank', () => {
      const m = mapOf([5, 40, 41, 3000, 70000]);
      assert.deepEqual(m.entriesAt(0, 2), [[5, 'v5'], [40, 'v40']]);
      assert.deepEqual(m.entriesAt(3, 5), [[3000, 'v3000'], [70000, 'v70000']]);
      assert.deepEqual(m.entriesAt(5, 1), []);
      assert.deepEqual(m.entriesAt(-1, 1), []);
      assert.deepEqual(m.entriesAt(0, 0), []);
    });

    it('serialises as its entries', () => {
      assert.equal(JSON.stringify(mapOf([2, 1])), '[[1,"v1"],[2,"v2"]]');
    });

    it('reports the smallest and largest keys', () => {
      const m = mapOf([90, 1500, 33]);
      assert.equal(m.minKey(), 33);
      assert.equal(m.maxKey(), 1500);
    });
  });

  describe('withMutations', () => {
    it('applies every edit and leaves the source unchanged', () => {
      const a = mapOf([1, 2, 3]);
      const b = a.withMutations((m) => {
        m.set(4, 'four').delete(1).set(2, 'two');
        assert.equal(m.size, 3);
        assert.equal(m.get(4), 'four');
        assert.equal(m.has(1), false);
        assert.equal(m.lowestFree(), 0);
      });
      assert.deepEqual(b.entries(), [[2, 'two'], [3, 'v3'], [4, 'four']]);
      assert.deepEqual(a.entries(), [[1, 'v1'], [2, 'v2'], [3, 'v3']]);
    });

    it('answers get, size and lowestFree between edits as the map it freezes to', () => {
      const key = fc.oneof(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 990, max: 1100 }), fc.integer({ min: 0, max: 40_000 }));
      const edit = fc.record({ key, value: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }) });
      fc.assert(
        fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 9 })), { maxLength: 60 }), fc.array(edit, { maxLength: 80 }), fc.array(key, { minLength: 1, maxLength: 4 }), (start, edits, probes) => {
          const source = IntMap.from(start);
          const model = new Map(start);
          const frozen = source.withMutations((m) => {
            for (const e of edits) {
              if (e.value === null) {
                m.delete(e.key);
                model.delete(e.key);
              } else {
                m.set(e.key, e.value);
                model.set(e.key, e.value);
              }
              assert.equal(m.size, model.size);
              for (const p of [e.key, ...probes]) {
                assert.equal(m.get(p), model.get(p));
                let free = p;
                while (model.has(free)) free++;
                assert.equal(m.lowestFree(p), free, `lowestFree(${p})`);
              }
            }
          });
          assert.deepEqual(frozen.entries(), [...model].sort((a, b) => a[0] - b[0]));
          assert.deepEqual(source.entries(), [...new Map(start)].sort((a, b) => a[0] - b[0]));
        }),
        { numRuns: 200 },
      );
    });

    it('a map frozen from a mutator does not see later edits through it', () => {
      let kept: IntMap<string> | undefined;
      let mutator: { set(k: number, v: string): unknown; freeze(): IntMap<string> } | undefined;
      IntMap.empty<string>().withMutations((m) => {
        m.set(1, 'a');
        mutator = m;
      });
      kept = mutator!.freeze();
      mutator!.set(1, 'changed');
      mutator!.set(2, 'b');
      assert.deepEqual(kept.entries(), [[1, 'a']]);
    });
  });

  describe('filter', () => {
    it('returns the same map when everything is kept', () => {
      const m = mapOf(range(0, 2000));
      assert.equal(
        m.filter(() => true),
        m,
      );
    });

    it('returns the empty map when nothing is kept', () => {
      assert.equal(
        mapOf(range(0, 2000)).filter(() => false),
        IntMap.empty(),
      );
    });

    it('keeps the entries the predicate accepts, visiting in key order', () => {
      const m = mapOf(range(0, 100));
      const visited: number[] = [];
      const odd = m.filter((_, k) => {
        visited.push(k);
        return k % 2 === 1;
      });
      assert.deepEqual(visited, range(0, 100));
      assert.deepEqual(odd.keys(), range(0, 100).filter((k) => k % 2 === 1));
      assert.equal(odd.size, 50);
      assert.equal(odd.lowestFree(), 0);
      assert.equal(m.size, 100);
    });
  });

  describe('updateMany', () => {
    it('updates, inserts and deletes in one pass', () => {
      const m = mapOf([1, 2, 3]);
      const seen: Array<[number, string | undefined]> = [];
      const n = m.updateMany([1, 2, 5000], (v, k) => {
        seen.push([k, v]);
        return k === 1 ? undefined : `${v ?? 'new'}!`;
      });
      assert.deepEqual(seen, [[1, 'v1'], [2, 'v2'], [5000, undefined]]);
      assert.deepEqual(n.entries(), [[2, 'v2!'], [3, 'v3'], [5000, 'new!']]);
      assert.deepEqual(m.entries(), [[1, 'v1'], [2, 'v2'], [3, 'v3']]);
    });

    it('returns the same map when nothing changes', () => {
      const m = mapOf([1, 2, 3]);
      assert.equal(
        m.updateMany([1, 3, 9], (v) => v),
        m,
      );
    });

    it('needs ascending keys without repeats', () => {
      const m = mapOf([1, 2]);
      assert.throws(() => m.updateMany([2, 1], (v) => v), { name: 'RangeError', message: 'IntMap.updateMany needs ascending keys without repeats' });
      assert.throws(() => m.updateMany([1, 1], (v) => v), { name: 'RangeError', message: 'IntMap.updateMany needs ascending keys without repeats' });
      assert.throws(() => m.updateMany([-1], (v) => v), { name: 'RangeError', message: 'IntMap key out of range: -1' });
    });
  });

  describe('maps whose keys sit far from zero', () => {
    it('finds keys in a narrow range above zero, and nothing around it', () => {
      const m = mapOf(range(100, 132));
      assert.equal(m.size, 32);
      assert.equal(m.get(100), 'v100');
      assert.equal(m.get(131), 'v131');
      assert.equal(m.get(99), undefined);
      assert.equal(m.get(132), undefined);
      assert.equal(m.get(4), undefined);
      assert.equal(m.minKey(), 100);
      assert.equal(m.maxKey(), 131);
      assert.deepEqual(m.keys(), range(100, 132));
    });

    it('gives keys below the lowest one as free', () => {
      const m = mapOf([100, 101, 102]);
      assert.equal(m.lowestFree(), 0);
      assert.equal(m.lowestFree(99), 99);
      assert.equal(m.lowestFree(100), 103);
      assert.equal(m.lowestFree(5000), 5000);
    });

    it('takes a key below the lowest one and lets it go again', () => {
      const m = mapOf([100, 101]);
      const wide = m.set(3, 'low');
      assert.deepEqual(wide.keys(), [3, 100, 101]);
      assert.equal(wide.get(3), 'low');
      assert.equal(wide.get(100), 'v100');
      assert.equal(wide.lowestFree(3), 4);
      const back = wide.delete(3);
      assert.deepEqual(back.entries(), m.entries());
      assert.equal(back.lowestFree(), 0);
      assert.equal(back.lowestFree(100), 102);
    });

    it('keeps keys on both sides of a 32-key boundary apart', () => {
      const m = mapOf([127, 128]);
      assert.deepEqual(m.keys(), [127, 128]);
      assert.equal(m.lowestFree(127), 129);
      assert.equal(m.delete(127).lowestFree(100), 100);
      assert.deepEqual(m.delete(128).keys(), [127]);
      assert.deepEqual(m.delete(127).set(96, 'x').keys(), [96, 128]);
    });

    it('holds the handful of live ids left after thousands of opens', () => {
      let m = mapOf([1]);
      for (let id = 2; id < 10_000; id++) {
        m = m.set(id, `v${id}`);
        if (id > 4) m = m.delete(id - 3);
      }
      assert.deepEqual(m.keys(), [1, 9997, 9998, 9999]);
      assert.equal(m.lowestFree(), 0);
      assert.equal(m.lowestFree(1), 2);
      assert.equal(m.lowestFree(9997), 10_000);
      assert.deepEqual(m.entriesAt(1, 2), [[9997, 'v9997'], [9998, 'v9998']]);
      assert.deepEqual(m.page(2, 1), [[9997, 'v9997']]);
    });

    it('deleted down to empty, starts again anywhere', () => {
      let m = mapOf([100, 101, 5000]);
      for (const k of [5000, 100, 101]) m = m.delete(k);
      assert.equal(m, IntMap.empty());
      const far = m.set(1_000_000, 'far').set(3, 'near');
      assert.deepEqual(far.keys(), [3, 1_000_000]);
      assert.equal(far.lowestFree(), 0);
      assert.equal(far.lowestFree(3), 4);
      assert.equal(far.maxKey(), 1_000_000);
      assert.deepEqual(far.delete(3).keys(), [1_000_000]);
    });

    it('builds a map of distant keys in one updateMany from empty', () => {
      const m = IntMap.empty<string>().updateMany([40, 70_000, 70_001], (_, k) => `u${k}`);
      assert.deepEqual(m.entries(), [[40, 'u40'], [70_000, 'u70000'], [70_001, 'u70001']]);
      assert.equal(IntMap.empty<string>().updateMany([5, 9], () => undefined), IntMap.empty());
    });

    it('updateMany below and above the keys widens the map', () => {
      const m = mapOf([200, 201]).updateMany([1, 201, 90_000], (v, k) => v ?? `u${k}`);
      assert.deepEqual(m.keys(), [1, 200, 201, 90_000]);
      assert.equal(m.get(201), 'v201');
    });
  });

  describe('maps of one entry', () => {
    it('answer every question about their entry', () => {
      const m = IntMap.empty<string>().set(100, 'a');
      assert.equal(m.size, 1);
      assert.equal(m.get(100), 'a');
      assert.equal(m.has(101), false);
      assert.equal(m.get(100.5), undefined);
      assert.equal(m.minKey(), 100);
      assert.equal(m.maxKey(), 100);
      assert.equal(m.lowestFree(), 0);
      assert.equal(m.lowestFree(100), 101);
      assert.deepEqual(m.entries(), [[100, 'a']]);
      assert.deepEqual(m.page(101, 5), []);
      assert.deepEqual(m.entriesAt(0, 5), [[100, 'a']]);
      assert.equal(JSON.stringify(m), '[[100,"a"]]');
    });

    it('replace, grow, shrink and empty as any map does', () => {
      const m = IntMap.empty<string>().set(100, 'a');
      assert.deepEqual(m.set(100, 'b').entries(), [[100, 'b']]);
      assert.equal(m.set(100, 'a'), m);
      assert.deepEqual(m.set(7, 'c').entries(), [[7, 'c'], [100, 'a']]);
      assert.deepEqual(m.set(7, 'c').delete(7).entries(), [[100, 'a']]);
      assert.equal(m.delete(100), IntMap.empty());
      assert.equal(m.delete(101), m);
      assert.equal(m.filter(() => true), m);
      assert.equal(m.filter(() => false), IntMap.empty());
      assert.equal(m.updateMany([100], (v) => v), m);
      assert.deepEqual(m.updateMany([100, 101], (v) => (v ? undefined : 'n')).entries(), [[101, 'n']]);
      assert.deepEqual(m.withMutations((w) => void w.set(3, 'x')).entries(), [[3, 'x'], [100, 'a']]);
      assert.deepEqual(m.entries(), [[100, 'a']]);
    });
  });

  describe('against a plain Map (model-based)', () => {
    type Op =
      | { op: 'set'; key: number; value: number }
      | { op: 'delete'; key: number }
      | { op: 'batch'; edits: Array<{ key: number; value: number | null }> }
      | { op: 'filter'; modulo: number }
      | { op: 'update'; keys: number[]; add: number };

    // Mostly small keys (fd-like), some medium, a few huge ones to grow and shrink the trie.
    const key = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 80 }) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 5000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX }) },
    );
    const value = fc.integer({ min: 0, max: 1000 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), key, value }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant('batch' as const),
          edits: fc.array(fc.record({ key, value: fc.option(value, { nil: null }) }), { maxLength: 40 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('filter' as const), modulo: fc.integer({ min: 1, max: 4 }) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant('update' as const),
          keys: fc.uniqueArray(key, { maxLength: 30 }).map((ks) => [...ks].sort((a, b) => a - b)),
          add: fc.integer({ min: -1, max: 3 }),
        }),
      },
    );

    function apply(m: IntMap<number>, model: Map<number, number>, o: Op): [IntMap<number>, Map<number, number>] {
      const next = new Map(model);
      switch (o.op) {
        case 'set':
          next.set(o.key, o.value);
          return [m.set(o.key, o.value), next];
        case 'delete':
          next.delete(o.key);
          return [m.delete(o.key), next];
        case 'batch': {
          for (const e of o.edits) {
            if (e.value === null) next.delete(e.key);
            else next.set(e.key, e.value);
          }
          const out = m.withMutations((mm) => {
            for (const e of o.edits) {
              if (e.value === null) mm.delete(e.key);
              else mm.set(e.key, e.value);
            }
            assert.equal(mm.size, next.size);
          });
          return [out, next];
        }
        case 'filter':
          for (const [k, v] of model) if (v % o.modulo !== 0) next.delete(k);
          return [m.filter((v) => v % o.modulo === 0), next];
        case 'update': {
          // add -1 deletes, 0 inserts or keeps, >0 adds to the value.
          const f = (v: number | undefined): number | undefined => (o.add < 0 ? undefined : o.add === 0 ? (v ?? 7) : v === undefined ? undefined : v + o.add);
          for (const k of o.keys) {
            const v = f(model.get(k));
            if (v === undefined) next.delete(k);
            else next.set(k, v);
          }
          return [m.updateMany(o.keys, (v) => f(v)), next];
        }
      }
    }

    function lowestFreeModel(model: Map<number, number>, from: number): number {
      let k = from;
      while (model.has(k)) k++;
      return k;
    }

    function assertSame(m: IntMap<number>, model: Map<number, number>, probes: number[]): void {
      const sorted = [...model.entries()].sort((a, b) => a[0] - b[0]);
      assert.deepEqual(m.entries(), sorted);
      assert.equal(m.size, model.size);
      assert.equal(m.maxKey(), sorted.length ? sorted[sorted.length - 1]![0] : -1);
      assert.equal(m.minKey(), sorted.length ? sorted[0]![0] : -1);
      for (const p of probes) {
        assert.equal(m.get(p), model.get(p));
        assert.equal(m.has(p), model.has(p));
        assert.equal(m.lowestFree(p), lowestFreeModel(model, p), `lowestFree(${p})`);
        assert.deepEqual(m.page(p, 3), sorted.filter(([k]) => k >= p).slice(0, 3));
        assert.deepEqual(m.entriesAt(p % (sorted.length + 1), 2), sorted.slice(p % (sorted.length + 1), (p % (sorted.length + 1)) + 2));
        const from: number[] = [];
        m.forEach((_, k) => void from.push(k), p);
        assert.deepEqual(from, sorted.filter(([k]) => k >= p).map(([k]) => k));
      }
      assert.equal(m.lowestFree(), lowestFreeModel(model, 0));
    }

    // Keys clustered far from zero (pids, ids that only grow), around 32-key and 1024-key boundaries.
    const farKey = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 90, max: 140 }) },
      { weight: 4, arbitrary: fc.integer({ min: 9_980, max: 10_260 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1_048_500, max: 1_048_600 }) },
    );

    it('every operation agrees with Map, and every older version stays as it was', () => {
      checkAgainstModel(op, key);
    });

    it('agrees with Map on keys clustered far from zero', () => {
      const farOp: fc.Arbitrary<Op> = fc.oneof(
        { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), key: farKey, value }) },
        { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), key: farKey }) },
        { weight: 2, arbitrary: fc.record({ op: fc.constant('batch' as const), edits: fc.array(fc.record({ key: farKey, value: fc.option(value, { nil: null }) }), { maxLength: 30 }) }) },
        { weight: 1, arbitrary: fc.record({ op: fc.constant('filter' as const), modulo: fc.integer({ min: 1, max: 4 }) }) },
        {
          weight: 1,
          arbitrary: fc.record({
            op: fc.constant('update' as const),
            keys: fc.uniqueArray(farKey, { maxLength: 20 }).map((ks) => [...ks].sort((a, b) => a - b)),
            add: fc.integer({ min: -1, max: 3 }),
          }),
        },
      );
      checkAgainstModel(farOp, farKey);
    });

    function checkAgainstModel(op: fc.Arbitrary<Op>, key: fc.Arbitrary<number>): void {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 5 }), (ops, probes) => {
          let m = IntMap.empty<number>();
          let model = new Map<number, number>();
          const versions: Array<[IntMap<number>, Map<number, number>]> = [[m, model]];
          for (const o of ops) {
            [m, model] = apply(m, model, o);
            assertSame(m, model, probes);
            versions.push([m, model]);
          }
          for (const [v, vm] of versions) assertSame(v, vm, probes);
        }),
        { numRuns: 300 },
      );
    }
  });
});
