import * as assert from 'node:assert/strict';
import { withState, withTask } from '../../../sim-core/src/model/copy.js';
import { taskOf } from '../../../sim-core/src/model/fds.js';
import { linuxWorld, run } from '../engine/worlds.js';

/** The state and the shell's task as the initial state builds them. */
function initial() {
  const state = run(linuxWorld([])).initialState;
  return { state, task: taskOf(state, 100) };
}

describe('state copies written field by field', () => {
  it('a state copy serialises exactly like the spread it replaces', () => {
    const { state } = initial();
    const tasks = state.tasks.delete(100);
    assert.equal(JSON.stringify(withState(state, { tasks })), JSON.stringify({ ...state, tasks }));
    assert.deepEqual(Object.keys(withState(state, {})), Object.keys(state));
  });

  it('a task copy serialises exactly like the spread it replaces', () => {
    const { task } = initial();
    assert.equal(JSON.stringify(withTask(task, { comm: 'true', exe: '/bin/true' })), JSON.stringify({ ...task, comm: 'true', exe: '/bin/true' }));
    assert.deepEqual(Object.keys(withTask(task, {})), Object.keys(task));
  });

  it('a task copy takes null and false as values, not as "unchanged"', () => {
    const { task } = initial();
    const vforked = withTask(task, { vforkParent: { pid: 1, tid: 1 }, noNewPrivs: true });
    const released = withTask(vforked, { vforkParent: null, noNewPrivs: false });
    assert.equal(released.vforkParent, null);
    assert.equal(released.noNewPrivs, false);
    assert.deepEqual(vforked.vforkParent, { pid: 1, tid: 1 });
  });
});
