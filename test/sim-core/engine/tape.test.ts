import * as assert from 'node:assert/strict';
import { phaseById, type SimEvent } from '../../../sim-core/src/index.js';
import { linuxWorld, run } from './worlds.js';

/** An event without its frame, and the frame's kind, id and line. */
function shape(e: SimEvent): [Record<string, unknown>, string | undefined, number | undefined, number | undefined] {
  const { frame, ...rest } = e;
  return [rest, frame?.kind, frame?.id, frame?.pc];
}

describe('tape', () => {
  const e = run(linuxWorld([{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }]));
  const events = e.events();

  it('gives the events kept as their kind and frame with the fields they always had', () => {
    assert.deepEqual(events.slice(0, 4).map(shape), [
      [{ kind: 'action-started', action: 0, seq: 0 }, 'action', 1, 1],
      [{ kind: 'actor-entered', actor: 'kernel', label: 'do_execveat_common (execve)', seq: 1 }, 'actor', 2, 1],
      [{ kind: 'phase-entered', phase: 'linux.entry', seq: 2 }, 'phase', 3, 1],
      [{ kind: 'phase-left', phase: 'linux.entry', seq: 3 }, 'phase', 3, phaseById('linux.entry')!.pseudo.length],
    ]);
    const last = events.slice(-2).map(shape);
    assert.deepEqual(last[0]!.slice(0, 2), [{ kind: 'actor-left', actor: 'kernel', label: 'do_execveat_common (execve)', seq: events.length - 2 }, 'actor']);
    assert.deepEqual(last[1]!.slice(0, 3), [{ kind: 'action-finished', action: 0, outcome: { ok: true, detail: 'now running /bin/true' }, seq: events.length - 1 }, 'action', 1]);
  });

  it('leaves every phase that returns at its last pseudo-code line', () => {
    const left = events.filter((x) => x.kind === 'phase-left');
    assert.ok(left.length > 15);
    for (const x of left) assert.equal(x.frame!.pc, Math.max(1, phaseById(x.kind === 'phase-left' ? x.phase : '')!.pseudo.length), x.kind === 'phase-left' ? x.phase : '');
  });

  it('reads the same event from the columns whether asked one by one or all at once', () => {
    const fresh = run(linuxWorld([{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }]));
    fresh.runToEnd();
    const oneByOne = Array.from({ length: fresh.length }, (_, i) => fresh.event(i));
    assert.deepEqual(JSON.parse(JSON.stringify(oneByOne)), JSON.parse(JSON.stringify(fresh.events())));
    assert.deepEqual(JSON.parse(JSON.stringify(oneByOne)), JSON.parse(JSON.stringify(events)));
  });
});
