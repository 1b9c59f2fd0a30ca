import * as assert from 'node:assert/strict';
import { elf } from '../../../support/scenario-builder.js';
import { arg, hurdScenario, last, names, outcome, request, rpcs, run } from './support.js';

function into(targetCreds = { uid: 1000, gid: 1000 }) {
  return run(
    hurdScenario({
      nodes: [elf('/bin/prog')],
      tasks: [
        { name: 'parent', pid: 100, creds: { uid: 1000, gid: 1000 } },
        { name: 'child', pid: 200, creds: targetCreds },
      ],
      steps: [{ task: 'parent', call: 'file_exec_paths', target: 'child', path: '/bin/prog', argv: ['prog'] }],
    }),
  );
}

describe('exec into another task (file_exec_paths with a task that is not ours)', () => {
  it('gets the task\'s port from proc and its proc port with proc_task2proc', () => {
    assert.deepEqual(rpcs(into(), 'parent').slice(0, 4), ['proc_pid2task', 'dir_lookup', 'proc_task2proc', 'auth_getids']);
  });

  it('sends no dealloc or destroy list: the caller keeps its names', () => {
    const e = into();
    const r = request(e, 'file_exec_paths');
    assert.deepEqual([arg(r, 'dealloc'), arg(r, 'destroy')], ['[]', '[]']);
    assert.deepEqual(names(last(e), 'parent'), names(e.initialState, 'parent'));
  });

  it('replaces the other task\'s program: its point of no return, not the caller\'s', () => {
    const e = into();
    assert.equal(outcome(e, 0).ok, true);
    const ponr = e.events().filter((x) => x.kind === 'point-of-no-return').map((x) => (x as { pid: number }).pid);
    assert.deepEqual(ponr, [200]);
    assert.equal(last(e).tasks.get(200)!.exe, '/bin/prog');
  });

  it('is refused by proc for a task the caller does not own (EPERM)', () => {
    const o = outcome(into({ uid: 0, gid: 0 }), 0);
    assert.ok(!o.ok && 'errno' in o && o.errno === 'EPERM');
  });
});
