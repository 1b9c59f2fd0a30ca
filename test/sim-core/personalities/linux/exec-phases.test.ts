/**
 * The order of the Linux exec phases (exec-reference §3), where the point of
 * no return lies, and what an error before and after it does.
 */
import * as assert from 'node:assert/strict';
import { phasesOf } from '../../../../sim-core/src/index.js';
import { elf, script } from '../../../support/scenario-builder.js';
import { ELF_EXEC_PHASES, runLinux, world } from './run-linux.js';

describe('linux exec: phases and the point of no return', () => {
  it('a static binary goes through every phase of §3 in the kernel\'s order', () => {
    const r = runLinux({ nodes: world(), tasks: [{ name: 'sh', pid: 100 }], steps: [{ task: 'sh', call: 'execve', path: '/bin/prog', argv: ['prog'] }] });
    assert.equal(r.result(0), 'ok');
    assert.deepEqual(r.phases(0), [...ELF_EXEC_PHASES]);
    assert.equal(r.ponr(0), true);
  });

  it('the catalogue lists the 22 phases of §3 plus binfmt_misc, in that order', () => {
    const ids = phasesOf('linux').filter((p) => !p.id.startsWith('linux.birth.')).map((p) => p.id);
    assert.deepEqual(ids, [
      'linux.entry',
      'linux.nproc',
      'linux.open_exec',
      'linux.alloc_bprm',
      'linux.copy_args',
      'linux.creds_prepare',
      'linux.interp_loop',
      'linux.search_binfmt',
      'linux.binfmt_script',
      'linux.binfmt_misc',
      'linux.binfmt_elf.preflight',
      'linux.creds_from_file',
      'linux.point_of_no_return',
      'linux.de_thread',
      'linux.unshare_files',
      'linux.exe_file',
      'linux.exec_mmap',
      'linux.misc_resets',
      'linux.close_on_exec',
      'linux.secureexec_resets',
      'linux.commit',
      'linux.setup_new_exec',
      'linux.start',
    ]);
    assert.deepEqual(
      phasesOf('linux').filter((p) => p.pointOfNoReturn).map((p) => p.id),
      ['linux.point_of_no_return'],
    );
  });

  it('a script runs the handler loop twice: the script handler (which opens the interpreter), then ELF on it', () => {
    const r = runLinux({
      nodes: world([script('/bin/s', '#!/bin/interp\n')]),
      tasks: [{ name: 'sh', pid: 100 }],
      steps: [{ task: 'sh', call: 'execve', path: '/bin/s', argv: ['s'] }],
    });
    assert.deepEqual(r.phases(0).slice(0, 11), [
      'linux.entry',
      'linux.nproc',
      'linux.open_exec',
      'linux.alloc_bprm',
      'linux.copy_args',
      'linux.creds_prepare',
      'linux.interp_loop',
      'linux.search_binfmt',
      'linux.binfmt_script',
      'linux.search_binfmt',
      'linux.binfmt_elf.preflight',
    ]);
  });

  it('the point-of-no-return event comes after the credentials are computed and before de_thread', () => {
    const r = runLinux({ nodes: world(), tasks: [{ name: 'sh', pid: 100 }], steps: [{ task: 'sh', call: 'execve', path: '/bin/prog', argv: ['prog'] }] });
    const kinds = r.events(0).map((e) => (e.kind === 'phase-entered' ? e.phase : e.kind));
    const ponr = kinds.indexOf('point-of-no-return');
    assert.ok(ponr > kinds.indexOf('linux.creds_from_file'));
    assert.ok(ponr > kinds.indexOf('linux.point_of_no_return'));
    assert.ok(ponr < kinds.indexOf('linux.de_thread'));
  });

  it('an error before the point of no return goes back to the caller, which keeps running', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100, fds: [{ fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }],
      steps: [{ task: 'sh', call: 'execve', path: '/bin/missing', argv: ['missing'] }],
    });
    assert.equal(r.result(0), 'ENOENT');
    assert.equal(r.failedIn(0), 'linux.open_exec');
    assert.equal(r.ponr(0), false);
    assert.deepEqual(r.phases(0), ['linux.entry', 'linux.nproc', 'linux.open_exec']);
    assert.equal(r.task('sh').status.state, 'running');
    assert.deepEqual(r.fds('sh'), ['3 /etc/motd ro cloexec']);
    const kinds = r.events(0).map((e) => e.kind);
    assert.deepEqual(kinds.slice(-3), ['actor-left', 'error-returned', 'action-finished']);
  });

  it('an error after the point of no return kills the process with SIGSEGV and returns nothing', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100, rlimits: { stack: 65536 } }],
      steps: [{ task: 'sh', call: 'execve', path: '/bin/prog', argv: ['prog', 'a'.repeat(65_200)] }],
    });
    assert.equal(r.result(0), 'killed SIGSEGV');
    assert.equal(r.failedIn(0), 'linux.start');
    assert.equal(r.ponr(0), true);
    assert.deepEqual(r.task('sh').status, { state: 'killed', signal: 'SIGSEGV' });
    const kinds = r.events(0).map((e) => e.kind);
    assert.equal(kinds.includes('error-returned'), false);
    assert.equal(kinds.at(-2), 'process-killed');
  });

  it('PT_INTERP is opened before begin_new_exec: a missing loader fails before the point of no return', () => {
    const r = runLinux({
      nodes: world([elf('/bin/dyn', { interp: '/lib/ld-missing.so' })]),
      tasks: [{ name: 'sh', pid: 100 }],
      steps: [{ task: 'sh', call: 'execve', path: '/bin/dyn', argv: ['dyn'] }],
    });
    assert.equal(r.result(0), 'ENOENT');
    assert.equal(r.failedIn(0), 'linux.binfmt_elf.preflight');
    assert.equal(r.ponr(0), false);
    assert.equal(r.phases(0).at(-1), 'linux.binfmt_elf.preflight');
  });

  it('running a scenario twice gives the same event stream', () => {
    const parts = {
      nodes: world([script('/bin/s', '#!/bin/interp -x\n')]),
      tasks: [{ name: 'sh', pid: 100, fds: [{ fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }],
      steps: [{ task: 'sh', call: 'execve' as const, path: '/bin/s', argv: ['s', '1'] }],
    };
    const a = runLinux(parts).engine.events();
    const b = runLinux(parts).engine.events();
    assert.deepEqual(
      a.map((e) => JSON.stringify({ ...e, frame: e.frame?.label })),
      b.map((e) => JSON.stringify({ ...e, frame: e.frame?.label })),
    );
  });
});
