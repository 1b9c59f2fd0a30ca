import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  createPort,
  deallocate,
  destroyName,
  destroyNames,
  entryOf,
  insertSend,
  insertSendOnce,
  MachError,
  modRefs,
  newSpace,
  portOf,
  rightsText,
} from '../../../../sim-core/src/personalities/hurd/mach-ports.js';
import { carry } from '../../../../sim-core/src/personalities/hurd/ipc.js';
import { emptyWorld } from '../../../../sim-core/src/personalities/hurd/world.js';
import type { HurdWorld } from '../../../../sim-core/src/personalities/hurd/state.js';

/** Two spaces: 1 (a server) and 2 (a client). */
function twoSpaces(): HurdWorld {
  const w = emptyWorld();
  return { ...w, spaces: w.spaces.set(1, newSpace(1)).set(2, newSpace(2)), next: { ...w.next, space: 3 } };
}

function rights(w: HurdWorld, space: number, name: number): string {
  const e = entryOf(w, space, name);
  return e ? rightsText(e) : 'none';
}

describe('Mach port rights', () => {
  it('gives send and receive rights for one port the same name, with user references on the send right', () => {
    let w = twoSpaces();
    let port: number, recv: number, send: number;
    [w, port, recv] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, send] = insertSend(w, 1, port);
    [w] = insertSend(w, 1, port);
    assert.equal(send, recv);
    assert.equal(rights(w, 1, recv), 'receive+send(2)');
    assert.equal(portOf(w, port).srights, 1);
  });

  it('counts one send right per name holding it, whatever its user references', () => {
    let w = twoSpaces();
    let port: number;
    [w, port] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w] = insertSend(w, 2, port, 3);
    [w] = insertSend(w, 1, port);
    assert.equal(portOf(w, port).srights, 2);
  });

  it('frees a name when mach_port_deallocate drops its last user reference', () => {
    let w = twoSpaces();
    let port: number, name: number;
    [w, port] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, name] = insertSend(w, 2, port, 2);
    [w] = deallocate(w, 2, name);
    assert.equal(rights(w, 2, name), 'send(1)');
    [w] = deallocate(w, 2, name);
    assert.equal(rights(w, 2, name), 'none');
    assert.equal(portOf(w, port).srights, 0);
  });

  it('reports no-senders when the last send right goes and the receiver asked for it', () => {
    let w = twoSpaces();
    let port: number, name: number;
    [w, port] = createPort(w, { kind: 'plain' }, 'p', 1, { armed: true });
    [w, name] = insertSend(w, 2, port);
    const [, effects] = deallocate(w, 2, name);
    assert.deepEqual(effects, [{ kind: 'no-senders', port }]);
  });

  it('reports nothing when the receiver did not ask for no-senders', () => {
    let w = twoSpaces();
    let port: number, name: number;
    [w, port] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, name] = insertSend(w, 2, port);
    assert.deepEqual(deallocate(w, 2, name)[1], []);
  });

  it('turns every other holder\'s send right into a dead name, keeping its user references, when the receive right is destroyed', () => {
    let w = twoSpaces();
    let port: number, recv: number, send: number;
    [w, port, recv] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, send] = insertSend(w, 2, port, 4);
    const [w2, effects] = destroyName(w, 1, recv);
    assert.equal(rights(w2, 2, send), 'dead-name(4)');
    assert.equal(rights(w2, 1, recv), 'none');
    assert.equal(portOf(w2, port).receiver, null);
    assert.deepEqual(effects, [{ kind: 'port-died', port }, { kind: 'dead-name', space: 2, name: send, port }]);
  });

  it('turns a send-once right into a dead name with one reference when its port dies', () => {
    let w = twoSpaces();
    let port: number, recv: number, once: number;
    [w, port, recv] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, once] = insertSendOnce(w, 2, port);
    [w] = destroyName(w, 1, recv);
    assert.equal(rights(w, 2, once), 'dead-name(1)');
  });

  it('gives every send-once right a name of its own', () => {
    let w = twoSpaces();
    let port: number, a: number, b: number;
    [w, port] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, a] = insertSendOnce(w, 2, port);
    [w, b] = insertSendOnce(w, 2, port);
    assert.notEqual(a, b);
    assert.equal(portOf(w, port).sorights, 2);
  });

  it('deallocates a dead name one user reference at a time', () => {
    let w = twoSpaces();
    let port: number, recv: number, send: number;
    [w, port, recv] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, send] = insertSend(w, 2, port, 2);
    [w] = destroyName(w, 1, recv);
    [w] = deallocate(w, 2, send);
    assert.equal(rights(w, 2, send), 'dead-name(1)');
  });

  it('refuses to deallocate a receive right (KERN_INVALID_RIGHT)', () => {
    let w = twoSpaces();
    let recv: number;
    [w, , recv] = createPort(w, { kind: 'plain' }, 'p', 1);
    assert.throws(() => deallocate(w, 1, recv), (e: unknown) => e instanceof MachError && e.code === 'KERN_INVALID_RIGHT');
  });

  it('refuses an unknown name (KERN_INVALID_NAME)', () => {
    assert.throws(() => deallocate(twoSpaces(), 2, 42), (e: unknown) => e instanceof MachError && e.code === 'KERN_INVALID_NAME');
  });

  it('reuses the name freed last before handing out a fresh one', () => {
    let w = twoSpaces();
    let port: number, a: number, b: number, c: number;
    [w, port] = createPort(w, { kind: 'plain' }, 'p', 1);
    const [w1, q] = createPort(w, { kind: 'plain' }, 'q', 1);
    w = w1;
    [w, a] = insertSend(w, 2, port);
    [w, b] = insertSend(w, 2, q);
    [w] = deallocate(w, 2, a);
    [w] = deallocate(w, 2, b);
    const [w2, r] = createPort(w, { kind: 'plain' }, 'r', 1);
    [, c] = insertSend(w2, 2, r);
    assert.deepEqual([a, b, c], [1, 2, 2]);
  });

  it('adds and removes user references with mach_port_mod_refs', () => {
    let w = twoSpaces();
    let port: number, name: number;
    [w, port] = createPort(w, { kind: 'plain' }, 'p', 1);
    [w, name] = insertSend(w, 2, port);
    [w] = modRefs(w, 2, name, 'send', 2);
    assert.equal(rights(w, 2, name), 'send(3)');
    [w] = modRefs(w, 2, name, 'send', -3);
    assert.equal(rights(w, 2, name), 'none');
  });

  it('destroys a port set name without touching any port', () => {
    let w = twoSpaces();
    let set: number, name: number;
    [w, set, name] = createPort(w, { kind: 'port-set' }, 'bucket', 1);
    assert.equal(rights(w, 1, name), 'port-set');
    [w] = destroyName(w, 1, name);
    assert.equal(rights(w, 1, name), 'none');
    assert.equal(portOf(w, set).receiver, null);
  });
});

describe('rights carried in a message', () => {
  it('copies, moves and makes rights by their disposition', () => {
    let w = twoSpaces();
    let p: number, q: number, recv: number, send: number;
    [w, p, recv] = createPort(w, { kind: 'plain' }, 'p', 2);
    [w, q] = createPort(w, { kind: 'plain' }, 'q', 1);
    [w, send] = insertSend(w, 2, q, 2);
    let moves;
    [w, moves] = carry(w, 2, 1, [
      { what: 'copy', name: send, disposition: 'COPY_SEND' },
      { what: 'move', name: send, disposition: 'MOVE_SEND' },
      { what: 'make', name: recv, disposition: 'MAKE_SEND' },
      { what: 'once', name: recv, disposition: 'MAKE_SEND_ONCE' },
    ]);
    assert.deepEqual(moves.map((m) => [m.what, m.to]), [['copy', 1], ['move', 1], ['make', 2], ['once', 3]]);
    assert.equal(rights(w, 2, send), 'send(1)');
    assert.equal(rights(w, 1, 1), 'receive+send(2)');
    assert.equal(rights(w, 1, 2), 'send(1)');
    assert.equal(rights(w, 1, 3), 'send-once');
    assert.equal(portOf(w, p).sorights, 1);
  });

  it('moves a receive right: the port now lives in the other space', () => {
    let w = twoSpaces();
    let p: number, recv: number;
    [w, p, recv] = createPort(w, { kind: 'plain' }, 'p', 2);
    let moves;
    [w, moves] = carry(w, 2, 1, [{ what: 'r', name: recv, disposition: 'MOVE_RECEIVE' }]);
    assert.equal(rights(w, 2, recv), 'none');
    assert.equal(rights(w, 1, moves[0]!.to), 'receive');
    assert.deepEqual(portOf(w, p).receiver, { space: 1, name: moves[0]!.to });
  });

  it('refuses to copy a right the sender does not have', () => {
    let w = twoSpaces();
    let recv: number;
    [w, , recv] = createPort(w, { kind: 'plain' }, 'p', 2);
    assert.throws(() => carry(w, 2, 1, [{ what: 'x', name: recv, disposition: 'COPY_SEND' }]), (e: unknown) => e instanceof MachError && e.code === 'MACH_SEND_INVALID_RIGHT');
  });
});

describe('destroying many names at once', () => {
  it('gives the same world and effects as destroying them one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ holders: fc.integer({ min: 0, max: 2 }), armed: fc.boolean(), destroyRecv: fc.boolean(), destroySend: fc.boolean() }), { minLength: 1, maxLength: 12 }), (specs) => {
        let w = twoSpaces();
        const toDestroy: Array<[number, number]> = [];
        for (const spec of specs) {
          let port: number, recv: number;
          [w, port, recv] = createPort(w, { kind: 'plain' }, 'p', 1, { armed: spec.armed });
          for (let i = 0; i < spec.holders; i++) [w] = insertSend(w, 2, port);
          if (spec.holders > 0) [w] = insertSend(w, 1, port);
          if (spec.destroyRecv) toDestroy.push([1, recv]);
          const sendName = w.spaces.get(2)!.byPort.get(port);
          if (spec.destroySend && sendName !== undefined) toDestroy.push([2, sendName]);
        }
        for (const space of [1, 2]) {
          const names = toDestroy.filter(([s]) => s === space).map(([, n]) => n);
          let one = w;
          const fxOne = [];
          for (const n of names) {
            const [w2, fx] = destroyName(one, space, n);
            one = w2;
            fxOne.push(...fx);
          }
          const [many, fxMany] = destroyNames(w, space, names);
          assert.deepEqual(JSON.stringify(many.ports), JSON.stringify(one.ports));
          assert.deepEqual(JSON.stringify(many.spaces), JSON.stringify(one.spaces));
          assert.deepEqual(fxMany.map((f) => f.kind).sort(), fxOne.map((f) => f.kind).sort());
        }
      }),
      { numRuns: 200 },
    );
  });
});
