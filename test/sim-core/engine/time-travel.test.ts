import * as assert from 'node:assert/strict';
import { fdTableOf } from '../../../sim-core/src/index.js';
import { expect } from '../../support/scenario-builder.js';
import { linuxWorld, run, serialize } from './worlds.js';

function world() {
  return linuxWorld([
    { task: 'shell', call: 'fork', child: 'kid' },
    { task: 'kid', call: 'dup2', oldfd: 3, newfd: 7 },
    { task: 'kid', call: 'execve', path: '/tmp/s', argv: ['s'] },
    { task: 'shell', call: 'execve', path: '/bin/sh', argv: ['sh'] },
    expect({ what: 'fd-closed', task: 'shell', fd: 3 }),
  ]);
}

describe('engine time travel', () => {
  it('moveTo(k) shows the state recorded after event k', () => {
    const e = run(world());
    const events = e.events();
    for (const k of [-1, 0, 5, 40, events.length - 1]) {
      const recorded = e.stateAt(k);
      e.moveTo(k);
      assert.equal(e.position, k);
      assert.equal(e.state, recorded);
      assert.equal(e.currentEvent, k >= 0 ? events[k] : undefined);
    }
  });

  it('the state at k equals, value for value, the state a fresh run computes at k', () => {
    const long = run(world());
    const n = long.events().length;
    for (const k of [0, 17, Math.floor(n / 2), n - 1]) {
      long.moveTo(n - 1);
      long.moveTo(k);
      const fresh = run(world());
      assert.equal(JSON.stringify(long.state), JSON.stringify(fresh.stateAt(k)), `state at ${k}`);
    }
  });

  it('moving back to k and forward again reproduces the stream from k', () => {
    const e = run(world());
    const original = serialize(e.events());
    const k = 30;
    e.moveTo(original.length - 1);
    e.moveTo(k);
    const again: string[] = [];
    for (let ev = e.forward(); ev; ev = e.forward()) again.push(JSON.stringify(ev));
    assert.deepEqual(again, original.slice(k + 1));
    assert.equal(e.position, original.length - 1);
  });

  it('restoring the state at k and recomputing from it reproduces the original events after k', () => {
    // An edit that changes nothing throws the future away and recomputes it from the state at k.
    const original = run(world()).events();
    for (const k of [3, 12, 44, original.length - 2]) {
      const e = run(world());
      e.moveTo(k);
      e.edit((s) => s, 'nothing');
      const after = e.events();
      assert.deepEqual(serialize(after.slice(0, k + 1)), serialize(original.slice(0, k + 1)), `prefix up to ${k}`);
      assert.equal(after[k + 1]!.kind, 'user-edit');
      const recomputed = after.slice(k + 2).map((ev) => JSON.stringify({ ...ev, seq: ev.seq - 1 }));
      assert.deepEqual(recomputed, serialize(original.slice(k + 1)), `events after ${k}`);
    }
  });

  it('old states are not changed by later events (the fd table before close-on-exec still has fd 3)', () => {
    const e = run(world());
    const events = e.events();
    const closing = events.find((ev) => ev.kind === 'fd-closed' && ev.reason === 'close-on-exec' && ev.pid === 100)!;
    const before = e.stateAt(closing.seq - 1);
    const after = e.stateAt(closing.seq);
    assert.deepEqual(fdTableOf(before, 100).slots.keys(), [0, 3]);
    assert.deepEqual(fdTableOf(after, 100).slots.keys(), [0]);
  });

  it('backward walks every event in reverse and stops before the first', () => {
    const e = run(world());
    const n = e.events().length;
    e.moveTo(n - 1);
    const seen: number[] = [];
    for (let ev = e.backward(); ev; ev = e.backward()) seen.push(ev.seq);
    assert.deepEqual(seen, Array.from({ length: n - 1 }, (_, i) => n - 2 - i));
    assert.equal(e.position, -1);
    assert.equal(e.backward(), undefined);
    assert.equal(e.position, -1);
  });

  it('moveTo outside the run is a RangeError', () => {
    const e = run(world());
    const n = e.events().length;
    assert.throws(() => e.moveTo(n), { name: 'RangeError', message: `no event ${n}: the run has ${n} events` });
    assert.throws(() => e.moveTo(-2), { name: 'RangeError', message: 'no event -2' });
  });
});
