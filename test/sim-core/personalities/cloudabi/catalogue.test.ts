import * as assert from 'node:assert/strict';
import { phaseById, phasesOf } from '../../../../sim-core/src/index.js';

describe('CloudABI phase catalogue', () => {
  it('has the twelve proc_exec phases of exec-reference §2 in order, then the cloudabi-run phases', () => {
    assert.deepEqual(
      phasesOf('cloudabi').map((p) => p.id),
      [
        'cloudabi.libc.serialize',
        'cloudabi.kern.single_thread',
        'cloudabi.kern.copyin',
        'cloudabi.fd_remap',
        'cloudabi.kern.open_exec',
        'cloudabi.kern.activate',
        'cloudabi.kern.new_vmspace',
        'cloudabi.kern.copyout',
        'cloudabi.fd_install',
        'cloudabi.kern.commit',
        'cloudabi.kern.post',
        'cloudabi.newprog.start',
        'cloudabi.run.open_executable',
        'cloudabi.run.yaml',
        'cloudabi.run.reexec',
        'cloudabi.kern.copyin_args',
        'cloudabi.reexec.main',
      ],
    );
  });

  it('puts the point of no return at exec_new_vmspace only', () => {
    assert.deepEqual(
      phasesOf('cloudabi').filter((p) => p.pointOfNoReturn).map((p) => p.id),
      ['cloudabi.kern.new_vmspace'],
    );
    assert.deepEqual(
      phasesOf('cloudabi').filter((p) => p.order <= 12).map((p) => p.failureVisible),
      ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no', 'no', 'no', 'not-applicable', 'not-applicable'],
    );
  });

  it('cites a source file and function and gives pseudo-code for every phase', () => {
    for (const p of phasesOf('cloudabi')) {
      assert.ok(p.citations.length > 0 && p.citations.every((c) => c.file && c.function), p.id);
      assert.ok(p.pseudo.length >= 2, p.id);
    }
  });

  it('lists the errors of the copyin and remap phases', () => {
    assert.deepEqual(phaseById('cloudabi.kern.copyin')!.errors.map((e) => e.errno), ['E2BIG', 'EFAULT']);
    assert.deepEqual(phaseById('cloudabi.fd_remap')!.errors.map((e) => e.errno), ['EBADF', 'EINVAL', 'E2BIG']);
  });
});
