import * as assert from 'node:assert/strict';
import { Engine, IntMap, query, type FdSlot, type KernelState } from '../../../sim-core/src/index.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

describe('task sections', () => {
  it('shows a running task fd table first, then credentials, signals, memory, registers and the process', () => {
    const state = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()] })).initialState;
    assert.deepEqual(query.taskSections(state, 100).map((s) => s.name), ['FD table', 'Credentials', 'Signals', 'Memory', 'Registers', 'Process']);
  });

  it('puts the personality sections right after the fd table', () => {
    const state = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()] })).initialState;
    const inspector: query.StateInspector = { taskSections: () => [{ name: 'Port namespace', value: query.list('ports', []) }] };
    assert.deepEqual(query.taskSections(state, 100, inspector).map((s) => s.name).slice(0, 2), ['FD table', 'Port namespace']);
  });

  it('shows only the process of a task that exited', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'exit', status: 3 }] }));
    const state = engine.stateAt(engine.events().length - 1);
    const sections = query.taskSections(state, 100);
    assert.deepEqual(sections.map((s) => s.name), ['Process']);
    assert.equal(sections[0]!.value.display, 'shell (pid 100): exited with status 3');
  });

  it('pages a 1M-entry fd table without building its rows', () => {
    // Built directly (one description shared by 1M slots): the views, not the world builder, are under test.
    const small = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask({ fds: [{ fd: 0, target: { path: '/etc/motd' } }] })] })).initialState;
    const task = small.tasks.get(100)!;
    const table = small.fdTables.get(task.files)!;
    const slot = table.slots.get(0)!;
    const slots = IntMap.from<FdSlot>(Array.from({ length: 1 << 20 }, (_, fd) => [fd, slot] as const));
    const desc = small.descriptions.get(slot.desc)!;
    const state: KernelState = {
      ...small,
      fdTables: small.fdTables.set(table.id, { ...table, slots }),
      descriptions: small.descriptions.set(desc.id, { ...desc, refs: 1 << 20 }),
    };
    const view = query.taskSections(state, 100)[0]!.value;
    assert.equal(view.kind, 'table');
    if (view.kind !== 'table') return;
    assert.equal(view.size, 1 << 20);
    assert.equal(view.display, '1048576 open');
    assert.deepEqual(view.entries(1_000_000, 2).map(([k, v]) => `${k} ${v.brief}`), ['1000000 → /etc/motd (ro)', '1000001 → /etc/motd (ro)']);
  });
});
