import * as assert from 'node:assert/strict';
import { argFd, argMap, argStr } from '../../../../../sim-core/src/index.js';
import { cloudabiConvertErrno } from '../../../../../sim-core/src/personalities/cloudabi/kernel/sysvec.js';
import { LAUNCHER_PID, cloudabiScenario, imageOf, launcher, procExec, run } from '../support.js';

describe('cloudabi64_copyout_strings and cloudabi64_fixup (phase 8)', () => {
  const tree = argMap([[argStr('out'), argFd(1)]]);

  it('puts the argdata on the stack and its length, without the appended NUL, in CLOUDABI_AT_ARGDATALEN', () => {
    const r = run(cloudabiScenario({ steps: [procExec(tree)] }));
    const image = imageOf(r.final, LAUNCHER_PID);
    assert.equal(image.argdata, '06 85 08 6f 75 74 00 85 03 00 00 00 00');
    assert.deepEqual(
      image.auxv.map((a) => [a.type, a.value]),
      [
        ['CLOUDABI_AT_ARGDATA', 'stack: argument data'],
        ['CLOUDABI_AT_ARGDATALEN', 13],
        ['CLOUDABI_AT_BASE', 0],
        ['CLOUDABI_AT_CANARY', 'stack: canary'],
        ['CLOUDABI_AT_CANARYLEN', 64],
        ['CLOUDABI_AT_NCPUS', 1],
        ['CLOUDABI_AT_PAGESZ', 4096],
        ['CLOUDABI_AT_PHDR', 'program headers'],
        ['CLOUDABI_AT_PHNUM', 'e_phnum'],
        ['CLOUDABI_AT_PID', 'stack: random UUID'],
        ['CLOUDABI_AT_SYSINFO_EHDR', 'shared page (vDSO)'],
        ['CLOUDABI_AT_TID', 700],
      ],
    );
  });

  it('reports the exec-ing thread\'s tid in CLOUDABI_AT_TID', () => {
    const r = run(cloudabiScenario({ tasks: [launcher([], { threads: [{ name: 'w', tid: 750 }] })], steps: [{ ...procExec(tree), thread: 'w' }] }));
    assert.equal(imageOf(r.final, LAUNCHER_PID).auxv.find((a) => a.type === 'CLOUDABI_AT_TID')!.value, 750);
  });

  it('checks the auxv and the argdata bytes through expectations', () => {
    const r = run(
      cloudabiScenario({
        steps: [
          procExec(tree),
          { expect: true, what: 'cloudabi-auxv', task: 'launcher', key: 'CLOUDABI_AT_ARGDATALEN', value: 13 },
          { expect: true, what: 'argdata-bytes', task: 'launcher', hex: '068508 6f7574 00 8503 00000000' },
          { expect: true, what: 'cloudabi-auxv', task: 'launcher', key: 'CLOUDABI_AT_CANARYLEN', value: 32 },
        ],
      }),
    );
    assert.deepEqual(r.expectations().map((x) => x.passed), [true, true, false]);
    assert.deepEqual(r.expectations()[2], { passed: false, expected: 'CLOUDABI_AT_CANARYLEN 32', seen: 'CLOUDABI_AT_CANARYLEN 64' });
  });
});

describe('cloudabi_convert_errno', () => {
  it('keeps errnos CloudABI has and turns the others, such as ECAPMODE, into ENOSYS', () => {
    assert.deepEqual(['E2BIG', 'EBADF', 'ENOTCAPABLE', 'ETXTBSY', 'ECAPMODE', 'ERESTART'].map((e) => cloudabiConvertErrno(e as never)), [
      'E2BIG',
      'EBADF',
      'ENOTCAPABLE',
      'ETXTBSY',
      'ENOSYS',
      'ENOSYS',
    ]);
  });
});
