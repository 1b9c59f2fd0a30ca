import * as assert from 'node:assert/strict';
import { fdTableOf, type Engine, type KernelState, type SimEvent } from '../../../sim-core/src/index.js';
import { setCloexec } from '../../../sim-core/src/model/fds.js';
import { expect } from '../../support/scenario-builder.js';
import { linuxWorld, run, serialize } from './worlds.js';

function execWorld() {
  return linuxWorld([
    { task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] },
    expect({ what: 'fd-closed', task: 'shell', fd: 3 }),
  ]);
}

const clearCloexec = (s: KernelState) => setCloexec(s, 100, 3, false);

function seek(e: Engine, where: (ev: SimEvent) => boolean): SimEvent {
  e.moveTo(-1);
  const ev = e.forward(where);
  assert.ok(ev, 'event not found');
  return ev;
}

describe('engine edit', () => {
  it('an edit at the cursor is recorded right after that event and moves the cursor onto it', () => {
    const e = run(execWorld());
    const at = seek(e, (ev) => ev.kind === 'phase-entered' && ev.phase === 'linux.close_on_exec');
    e.edit(clearCloexec, 'fd 3: close-on-exec cleared');
    assert.equal(e.position, at.seq + 1);
    const edit = e.currentEvent!;
    assert.equal(edit.kind, 'user-edit');
    assert.equal(edit.kind === 'user-edit' && edit.description, 'fd 3: close-on-exec cleared');
    assert.equal(edit.frame?.phase, 'linux.close_on_exec');
    assert.equal(fdTableOf(e.state, 100).slots.get(3)?.cloexec, false);
  });

  it('clearing close-on-exec on fd 3 before linux.close_on_exec keeps fd 3 open in the new program', () => {
    const e = run(execWorld());
    seek(e, (ev) => ev.kind === 'phase-entered' && ev.phase === 'linux.close_on_exec');
    e.edit(clearCloexec, 'fd 3: close-on-exec cleared');
    const events = e.events();
    assert.equal(events.filter((ev) => ev.kind === 'fd-closed').length, 0);
    assert.deepEqual(fdTableOf(e.stateAt(events.length - 1), 100).slots.keys(), [0, 3]);
    assert.deepEqual(e.expectationResults().get(0), {
      passed: false,
      expected: '3 closed',
      seen: '3 → /etc/motd (ro)',
      seq: events.length - 1,
    });
  });

  it('the same edit after linux.close_on_exec comes too late: fd 3 is already closed', () => {
    const e = run(execWorld());
    seek(e, (ev) => ev.kind === 'phase-left' && ev.phase === 'linux.close_on_exec');
    e.edit((s) => s, 'look only');
    assert.equal(fdTableOf(e.state, 100).slots.has(3), false);
    e.runToEnd();
    assert.equal(e.expectationResults().get(0)?.passed, true);
  });

  it('the events up to the edit are the ones recorded before it, frame ids included', () => {
    const original = serialize(run(execWorld()).events());
    const e = run(execWorld());
    const at = seek(e, (ev) => ev.kind === 'phase-entered' && ev.phase === 'linux.close_on_exec');
    e.edit(clearCloexec, 'fd 3: close-on-exec cleared');
    assert.deepEqual(serialize(e.events().slice(0, at.seq + 1)), original.slice(0, at.seq + 1));
  });

  it('an edit in the past discards the old future and recomputes it', () => {
    const e = run(execWorld());
    const before = e.events().length;
    const closed = e.events().find((ev) => ev.kind === 'fd-closed')!;
    e.moveTo(5);
    e.edit(clearCloexec, 'fd 3: close-on-exec cleared');
    const after = e.events();
    assert.equal(after.length, before, 'one edit event in, one fd-closed event out');
    assert.equal(after[6]!.kind, 'user-edit');
    assert.ok(!after.some((ev) => ev.kind === 'fd-closed'), `the fd-closed event at ${closed.seq} is gone`);
  });

  it('an edit before the first event replaces the initial state and is the first event', () => {
    const e = run(execWorld());
    e.runToEnd();
    e.moveTo(-1);
    e.edit(clearCloexec, 'fd 3: close-on-exec cleared');
    assert.equal(e.position, 0);
    const first = e.event(0);
    assert.equal(first.kind, 'user-edit');
    assert.equal(first.frame, null);
    assert.equal(fdTableOf(e.initialState, 100).slots.get(3)?.cloexec, false);
    assert.equal(e.stateAt(0), e.initialState);
    assert.equal(e.length, 1, 'only the edit is computed so far');
    assert.equal(e.event(1).kind, 'action-started');
    e.runToEnd();
    assert.equal(e.expectationResults().get(0)?.passed, false);
  });

  it('an edit at the last event appends to the run', () => {
    const e = run(execWorld());
    const n = e.events().length;
    e.moveTo(n - 1);
    e.edit(clearCloexec, 'late');
    assert.equal(e.position, n);
    assert.equal(e.events().length, n + 1);
    assert.equal(e.done, true);
    assert.equal(e.currentEvent?.kind, 'user-edit');
  });

  it('an edit right after a statement started that ends its thread makes the statement fail with ESRCH', () => {
    const e = run(linuxWorld([{ task: 'shell', call: 'close', fd: 0 }]), { checkInvariants: false });
    seek(e, (ev) => ev.kind === 'action-started');
    e.edit((s) => ({ ...s, tasks: s.tasks.set(100, { ...s.tasks.get(100)!, threads: [] }) }), 'thread gone');
    const finished = e.events().find((ev) => ev.kind === 'action-finished')!;
    assert.deepEqual(finished.kind === 'action-finished' && finished.outcome, {
      ok: false,
      errno: 'ESRCH',
      detail: 'shell does not exist or is not running',
    });
  });
});
