import * as assert from 'node:assert/strict';
import { argBuffer, argFd, argMap, argSeq, argStr, argdataBytes } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, cloudabiScenario, launcher, procExec, run } from '../support.js';

describe('crt0 _start -> program_main (phase 12)', () => {
  it('hands program_main the tree with fds renumbered to the new table', () => {
    const r = run(
      cloudabiScenario({
        tasks: [launcher([{ fd: 9, target: { socket: 'http' } }])],
        steps: [
          procExec(argMap([[argStr('listen'), argSeq([argFd(9), argFd(2)])]])),
          { expect: true, what: 'argdata', task: 'launcher', value: argMap([[argStr('listen'), argSeq([argFd(0), argFd(1)])]]) },
        ],
      }),
    );
    assert.deepEqual(r.ofKind('argdata-received').map((e) => [e.tree, e.argdatalen]), [['{"listen": [!fd 0, !fd 1]}', 24]]);
    assert.ok(r.expectations()[0]!.passed);
  });

  it('shows an fd the caller could not convert as invalid to the new program', () => {
    // A buffer whose fd 0xcafebabe is above INT_MAX: serialized as ffffffff and not listed.
    const r = run(cloudabiScenario({ steps: [procExec(argSeq([argBuffer(argdataBytes('03 ca fe ba be')), argFd(0)]))] }));
    assert.deepEqual(r.ofKind('argdata-received').map((e) => e.tree), ['[!fd invalid, !fd 0]']);
    assert.ok(r.events.some((e) => e.kind === 'note' && e.text === 'a reader of $.seq[0] gets EBADF: fd number 0xffffffff cannot be converted'));
    assert.deepEqual(r.final.tasks.get(LAUNCHER_PID)!.files !== undefined, true);
  });

  it('reports the failed expectation with what the program saw', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argFd(1)), { expect: true, what: 'argdata', task: 'launcher', value: argFd(1) }] }));
    assert.deepEqual(r.expectations()[0], { passed: false, expected: '!fd 1', seen: '!fd 0' });
  });
});
