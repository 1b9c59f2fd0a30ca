import * as assert from 'node:assert/strict';
import { argFd, argMap, argStr, messageInFlight } from '../../../../sim-core/src/index.js';
import { LAUNCHER_PID, cloudabiScenario, launcher, procExec, run } from './support.js';

describe('the exec message in flight', () => {
  const tree = argMap([[argStr('in'), argFd(4)]]);
  const r = run(cloudabiScenario({ tasks: [launcher([{ fd: 4, target: { socket: 'smtp' } }])], steps: [procExec(tree)] }));
  const at = (kind: string) => r.engine.stateAt(r.events.findIndex((e) => e.kind === kind));

  it('holds the tree, the data and the fds array once libc has serialized them', () => {
    const m = messageInFlight(at('argdata-serialized'), LAUNCHER_PID)!;
    assert.deepEqual(
      { stage: m.stage, tree: m.tree, data: m.data, fds: m.fds, execfd: m.execfd },
      { stage: 'serialized', tree, data: '06 84 08 69 6e 00 85 03 00 00 00 00', fds: [4], execfd: 3 },
    );
  });

  it('holds the remapped table, not yet installed, while do_execve runs', () => {
    const s = at('point-of-no-return');
    const m = messageInFlight(s, LAUNCHER_PID)!;
    assert.equal(m.stage, 'remapped');
    assert.equal(m.argc, 6);
    assert.equal(s.fdTables.get(m.newTable!)!.users, 0);
    assert.notEqual(s.tasks.get(LAUNCHER_PID)!.files, m.newTable);
  });

  it('is delivered, and no longer in flight, once the program has read it', () => {
    assert.equal(messageInFlight(r.final, LAUNCHER_PID), undefined);
  });

  it('can be revisited by moving the cursor back (time travel)', () => {
    const i = r.events.findIndex((e) => e.kind === 'fd-remapped');
    r.engine.moveTo(i);
    assert.equal(messageInFlight(r.engine.state, LAUNCHER_PID)!.stage, 'copied-in');
    r.engine.moveTo(r.events.length - 1);
    assert.equal(messageInFlight(r.engine.state, LAUNCHER_PID), undefined);
  });
});
