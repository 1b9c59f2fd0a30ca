import * as assert from 'node:assert/strict';
import { Engine, validateScenario, personalityFor } from '../../../../sim-core/src/index.js';
import { scenario } from '../../../support/scenario-builder.js';

describe('pthread_create', () => {
  const world = () =>
    scenario({
      tasks: [{ name: 'shell', pid: 100 }],
      steps: [
        { task: 'shell', call: 'pthread_create', newThread: 'worker' },
        { task: 'shell', thread: 'worker', call: 'pthread_create', newThread: 'helper' },
      ],
    });

  it('is valid when the calling thread and the new thread have different names', () => {
    assert.deepEqual(validateScenario(world(), personalityFor), []);
  });

  it('adds threads named by the action, with the next free tids', () => {
    const engine = new Engine(world(), { checkInvariants: true });
    engine.runToEnd();
    const task = engine.stateAt(engine.length - 1).tasks.get(100)!;
    assert.deepEqual(task.threads.map((t) => [t.name, t.tid]), [['main', 100], ['worker', 101], ['helper', 102]]);
    assert.deepEqual([...engine.outcomes().values()], [{ ok: true, value: 101 }, { ok: true, value: 102 }]);
  });

  it('reports a second thread with the same name in the same task', () => {
    const s = scenario({
      tasks: [{ name: 'shell', pid: 100, threads: [{ name: 'worker' }] }],
      steps: [{ task: 'shell', call: 'pthread_create', newThread: 'worker' }],
    });
    const problems = validateScenario(s, personalityFor);
    assert.deepEqual(problems.map((p) => [p.code, p.at, p.message]), [['duplicate-thread', 'actions[0].newThread', 'shell already has a thread "worker"']]);
  });
});
