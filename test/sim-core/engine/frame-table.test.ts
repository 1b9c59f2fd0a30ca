import * as assert from 'node:assert/strict';
import { phaseById } from '../../../sim-core/src/index.js';
import { FrameTable } from '../../../sim-core/src/engine/frame-table.js';
import type { ActionSpec } from '../../../sim-core/src/scenario/scenario.js';

const execve: ActionSpec = { index: 4, task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'], loc: { line: 9, column: 1, endLine: 9, endColumn: 20 } };
const openExec = phaseById('linux.open_exec')!;
const entry = phaseById('linux.entry')!;

/** shell: execve › kernel actor › open_exec, as the kernel façade builds it. */
function chain() {
  const t = new FrameTable();
  const action = t.action(execve, 100, 100);
  const actor = t.actor(action, 'kernel', 'do_execveat_common (execve)', 100, 100);
  const phase = t.phase(actor, openExec);
  return { t, action, actor, phase };
}

describe('frame table', () => {
  it('makes the frame objects of a chain with ids, depths, threads and labels', () => {
    const { t, phase } = chain();
    const f = t.frame(phase)!;
    assert.deepEqual(
      { kind: f.kind, label: f.label, phase: f.phase, pid: f.pid, tid: f.tid, pc: f.pc, id: f.id, depth: f.depth },
      { kind: 'phase', label: openExec.title, phase: 'linux.open_exec', pid: 100, tid: 100, pc: 1, id: 3, depth: 2 },
    );
    assert.deepEqual({ kind: f.parent!.kind, label: f.parent!.label, actor: f.parent!.actor, id: f.parent!.id, depth: f.parent!.depth }, { kind: 'actor', label: 'kernel: do_execveat_common (execve)', actor: 'kernel', id: 2, depth: 1 });
    const root = f.parent!.parent!;
    assert.deepEqual({ kind: root.kind, action: root.action, loc: root.loc, id: root.id, parent: root.parent, depth: root.depth }, { kind: 'action', action: 4, loc: execve.loc, id: 1, parent: null, depth: 0 });
  });

  it('gives the same object for a row each time, and null for no row', () => {
    const { t, phase } = chain();
    assert.equal(t.frame(phase), t.frame(phase));
    assert.equal(t.frame(-1), null);
  });

  it('moves a line in a new row that keeps the frame id and parent', () => {
    const { t, actor, phase } = chain();
    const moved = t.withPc(phase, 5);
    assert.notEqual(moved, phase);
    assert.deepEqual([t.frame(moved)!.id, t.frame(moved)!.pc, t.frame(moved)!.parent], [t.frame(phase)!.id, 5, t.frame(actor)]);
    assert.equal(t.pc(phase), 1);
  });

  it('shows a phase row at its last line when it is left, without a new row', () => {
    const { t, phase } = chain();
    const rows = t.length;
    const end = t.frameAtEnd(phase);
    assert.equal(t.length, rows);
    assert.deepEqual([end.pc, end.id, end.phase], [openExec.pseudo.length, t.frame(phase)!.id, 'linux.open_exec']);
    assert.equal(t.frameAtEnd(phase), end);
    const atLast = t.withPc(phase, openExec.pseudo.length);
    assert.equal(t.frameAtEnd(atLast), t.frame(atLast));
  });

  it('runs a phase on the thread of its parent frame', () => {
    const t = new FrameTable();
    const actor = t.actor(-1, 'exec-server', 'do_exec', 3, 7);
    const phase = t.phase(actor, entry);
    assert.deepEqual([t.pid(phase), t.tid(phase), t.pid(-1), t.tid(-1)], [3, 7, 0, 0]);
  });

  it('forgets rows and restarts ids after a truncation, as a replayed step needs', () => {
    const { t, actor } = chain();
    const before = t.frame(actor)!;
    t.truncate(2, 2);
    assert.equal(t.length, 2);
    const again = t.phase(actor, entry);
    assert.equal(again, 2);
    assert.deepEqual([t.frame(again)!.id, t.frame(again)!.phase, t.frame(again)!.parent], [3, 'linux.entry', before]);
  });

  it('keeps rows across chunk boundaries', () => {
    const t = new FrameTable();
    const action = t.action(execve, 100, 100);
    let row = action;
    for (let i = 0; i < 10_000; i++) row = t.withPc(row, (i % 7) + 1);
    assert.equal(t.length, 10_001);
    assert.deepEqual([t.pc(row), t.pid(row), t.frame(row)!.id], [((9_999 % 7) + 1), 100, 1]);
    t.truncate(4_096, 1);
    const next = t.withPc(action, 3);
    assert.deepEqual([next, t.pc(next), t.pc(4_095)], [4_096, 3, (4_094 % 7) + 1]);
  });
});
