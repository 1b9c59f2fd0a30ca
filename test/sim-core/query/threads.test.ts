import * as assert from 'node:assert/strict';
import { Engine, query } from '../../../sim-core/src/index.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

describe('thread listing', () => {
  it('names every thread with its task, pid and thread name', () => {
    const state = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()] })).initialState;
    assert.deepEqual(query.listThreads(state).map((t) => [t.key, t.tid, t.label]), [
      ['shell/main', 100, 'shell (pid 100) · main'],
      ['shell/worker', 101, 'shell (pid 100) · worker'],
    ]);
  });

  it('keeps a thread key when de_thread gives the exec-ing thread the leader tid', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', thread: 'worker', call: 'execve', path: '/bin/true', argv: ['true'] }] }));
    const end = engine.stateAt(engine.events().length - 1);
    assert.deepEqual(query.listThreads(end).map((t) => [t.key, t.tid]), [['shell/worker', 100]]);
  });
});
