import * as assert from 'node:assert/strict';
import { elf } from '../../../support/scenario-builder.js';
import { hurdScenario, run } from './support.js';

function results(expectations: object[]) {
  const e = run(
    hurdScenario({
      nodes: [elf('/bin/su', { mode: 0o4755 })],
      tasks: [{ name: 'shell', pid: 100, creds: { uid: 1000, gid: 1000 } }],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }, ...expectations.map((x) => ({ expect: true, ...x }))] as never,
    }),
  );
  return [...e.expectationResults().values()].map((r) => [r.passed, r.expected, r.seen]);
}

describe('Hurd expectations', () => {
  it('check a name\'s rights and what its port is', () => {
    assert.deepEqual(results([{ what: 'port', task: 'shell', name: 7, rights: 'send(1)', kind: 'auth' }, { what: 'port', task: 'shell', name: 7, rights: 'send(2)' }, { what: 'port', task: 'shell', name: 99, rights: 'none' }]), [
      [true, '7: send(1) auth', '7: send(1) auth (auth {eu 0 au 1000 0 1000 eg 1000 ag 1000 1000})'],
      [false, '7: send(2)', '7: send(1) auth (auth {eu 0 au 1000 0 1000 eg 1000 ag 1000 1000})'],
      [true, '99: none', '99: none'],
    ]);
  });

  it('check a whole namespace, name by name', () => {
    const [[passed, , seen]] = results([{ what: 'port-names', task: 'shell', entries: [{ name: 1, rights: 'send(1)', kind: 'task' }] }]) as [[boolean, string, string]];
    assert.equal(passed, false);
    assert.equal(seen, '1: send(1) task; 2: send(1) thread; 3: receive reply; 4: receive+send(1) msgport; 5: send(1) io; 6: send(1) io; 7: send(1) auth; 8: send(1) proc; 9: receive reply; 10: send(1) thread');
  });

  it('check the number of names, the task, the auth ids, the init ports and the secure flag', () => {
    assert.deepEqual(results([
      { what: 'port-count', task: 'shell', count: 10 },
      { what: 'task-replaced', task: 'shell', replaced: true },
      { what: 'auth-ids', task: 'shell', ids: { euids: [0], auids: [1000, 0, 1000], egids: [1000], agids: [1000, 1000] } },
      { what: 'init-port', task: 'shell', slot: 'CRDIR', kind: 'io', path: '/' },
      { what: 'init-port', task: 'shell', slot: 'CTTYID', kind: 'null' },
      { what: 'exec-secure', task: 'shell', secure: true },
    ]).map((r) => r[0]), [true, true, true, true, true, true]);
  });

  it('report what was seen when the dtable differs', () => {
    assert.deepEqual(results([{ what: 'dtable', task: 'shell', rows: [{ fd: 0, port: 3 }] }]), [[false, '0 → 3', '(empty)']]);
  });
});
