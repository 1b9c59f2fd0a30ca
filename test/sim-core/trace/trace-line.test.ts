import * as assert from 'node:assert/strict';
import { Engine, renderTrace, traceLine } from '../../../sim-core/src/index.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

describe('trace lines', () => {
  it('one event at a time gives the same lines as the whole trace', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }] }));
    const whole = renderTrace(engine, { seq: true });
    assert.deepEqual(engine.events().map((e) => traceLine(e, engine.stateAt(e.seq), { seq: true })), whole);
    assert.equal(whole[0], '   0 101: shell: execve /bin/su ["su"]');
    assert.equal(whole[2], '   2     → getname [linux.entry]');
  });
});
