/**
 * What begin_new_exec commits besides credentials and signals: comm (and its
 * 6.14 rule for an fd-based exec, chosen by machine.kernelVersion), the exe
 * file, the new address space, cwd and umask kept, and the vfork parent.
 */
import * as assert from 'node:assert/strict';
import type { ActionCall, FdSpec } from '../../../../sim-core/src/index.js';
import { elf, script } from '../../../support/scenario-builder.js';
import { runLinux, world } from './run-linux.js';

function run(call: ActionCall, opts: { fds?: FdSpec[]; kernelVersion?: string; cwd?: string } = {}) {
  return runLinux({
    ...(opts.kernelVersion ? { machine: { kernelVersion: opts.kernelVersion } } : {}),
    nodes: world([elf('/bin/a-rather-long-program-name'), script('/bin/s', '#!/bin/interp\n')]),
    tasks: [{ name: 'sh', pid: 100, fds: opts.fds ?? [], ...(opts.cwd ? { cwd: opts.cwd } : {}) }],
    steps: [{ task: 'sh', ...call }],
  });
}

describe('linux exec: comm, exe and the new image', () => {
  it('comm is the basename of the name given, cut to 15 bytes (TASK_COMM_LEN)', () => {
    const r = run({ call: 'execve', path: '/bin/a-rather-long-program-name', argv: ['x'] });
    assert.equal(r.task('sh').comm, 'a-rather-long-p');
    const rel = run({ call: 'execve', path: '../bin/prog', argv: ['x'] }, { cwd: '/etc' });
    assert.equal(rel.task('sh').comm, 'prog');
  });

  it('execveat with a directory fd and a name: comm is the name (bprm->filename is /dev/fd/N/name)', () => {
    const r = run({ call: 'execveat', dirfd: 3, path: 'prog', argv: ['x'], flags: [] }, { fds: [{ fd: 3, target: { path: '/bin' } }] });
    assert.equal(r.task('sh').comm, 'prog');
  });

  it('fexecve on Linux 6.13: comm is the fd number, the basename of "/dev/fd/3"', () => {
    const r = run({ call: 'fexecve', fd: 3, argv: ['x'] }, { fds: [{ fd: 3, target: { path: '/bin/prog' } }], kernelVersion: '6.13' });
    assert.equal(r.task('sh').comm, '3');
  });

  it('fexecve on Linux 6.14 and later: comm is the file\'s own name', () => {
    for (const v of ['6.14', '6.18']) {
      const r = run({ call: 'fexecve', fd: 3, argv: ['x'] }, { fds: [{ fd: 3, target: { path: '/bin/prog' } }], kernelVersion: v });
      assert.equal(r.task('sh').comm, 'prog', v);
    }
  });

  it('a script run through an fd on 6.14+: comm is the interpreter\'s name (the final file\'s dentry)', () => {
    const r = run({ call: 'execveat', dirfd: 3, path: '', argv: ['x'], flags: ['AT_EMPTY_PATH'] }, { fds: [{ fd: 3, target: { path: '/bin/s' } }] });
    assert.equal(r.task('sh').comm, 'interp');
    const old = run({ call: 'execveat', dirfd: 3, path: '', argv: ['x'], flags: ['AT_EMPTY_PATH'] }, { fds: [{ fd: 3, target: { path: '/bin/s' } }], kernelVersion: '6.12' });
    assert.equal(old.task('sh').comm, '3');
  });

  it('the exe file is the file run (after symlinks); the old address space is replaced', () => {
    const r = runLinux({
      nodes: world([elf('/lib/ld.so'), elf('/bin/dyn', { interp: '/lib/ld.so' }), { kind: 'symlink', path: '/usr/bin/dyn', target: '/bin/dyn' }]),
      tasks: [{ name: 'sh', pid: 100, exe: '/bin/prog' }],
      steps: [{ task: 'sh', call: 'execve', path: '/usr/bin/dyn', argv: ['dyn'] }],
    });
    const t = r.task('sh');
    assert.equal(t.exe, '/bin/dyn');
    assert.equal(t.comm, 'dyn');
    const mm = r.state.mms.get(t.mm)!;
    assert.deepEqual(mm.mappings.map((m) => [m.kind, m.name]), [['text', '/bin/dyn'], ['interp', '/lib/ld.so'], ['stack', '[stack]'], ['vdso', '[vdso]']]);
    assert.equal(r.state.mms.size, 1);
  });

  it('binfmt_misc with the O flag: commit installs the binary at the lowest free fd, without close-on-exec, as AT_EXECFD', () => {
    const r = runLinux({
      machine: { binfmtMisc: [{ name: 'jar', match: { extension: 'jar' }, interpreter: '/bin/interp', flags: ['O'] }] },
      nodes: world([{ kind: 'file', path: '/opt/app.jar', mode: 0o755, content: { type: 'data', text: 'PK' } }]),
      tasks: [{ name: 'sh', pid: 100, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }, { fd: 1, target: { path: '/etc/motd' }, cloexec: true }] }],
      steps: [{ task: 'sh', call: 'execve', path: '/opt/app.jar', argv: ['app'] }],
    });
    assert.equal(r.result(0), 'ok');
    assert.deepEqual(r.fds('sh'), ['0 /dev/tty rw', '1 /opt/app.jar ro']);
    assert.equal(r.auxv('sh', 'AT_EXECFD'), 1);
    const opened = r.events(0).find((e) => e.kind === 'fd-opened');
    assert.equal(opened?.frame?.phase, 'linux.commit');
  });

  it('cwd and umask are kept', () => {
    const r = runLinux({ nodes: world(), tasks: [{ name: 'sh', pid: 100, cwd: '/etc', umask: 0o077 }], steps: [{ task: 'sh', call: 'execve', path: '/bin/prog', argv: ['x'] }] });
    assert.equal(r.task('sh').cwd, '/etc');
    assert.equal(r.task('sh').umask, 0o077);
  });

  it('a vfork parent resumes in exec_mmap, after the point of no return; a failing exec does not release it', () => {
    const ok = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100 }],
      steps: [
        { task: 'sh', call: 'vfork', child: 'kid' },
        { task: 'kid', call: 'execve', path: '/bin/prog', argv: ['p'] },
      ],
    });
    const resumed = ok.events(1).find((e) => e.kind === 'thread-resumed');
    // complete_vfork_done runs inside exec_mmap (exec_mm_release → mm_release).
    assert.equal(resumed?.frame?.phase, 'linux.birth.complete_vfork_done');
    assert.equal(resumed?.frame?.parent?.phase, 'linux.exec_mmap');
    assert.equal(ok.task('sh').threads[0]!.run.state, 'running');
    const failing = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100 }],
      steps: [
        { task: 'sh', call: 'vfork', child: 'kid' },
        { task: 'kid', call: 'execve', path: '/bin/missing', argv: ['p'] },
      ],
    });
    assert.equal(failing.result(1), 'ENOENT');
    assert.equal(failing.task('sh').threads[0]!.run.state, 'blocked');
  });

  it('a vfork child killed after the point of no return has already released its parent', () => {
    const r = runLinux({
      nodes: world(),
      tasks: [{ name: 'sh', pid: 100, rlimits: { stack: 65536 } }],
      steps: [
        { task: 'sh', call: 'vfork', child: 'kid' },
        { task: 'kid', call: 'execve', path: '/bin/prog', argv: ['p', 'a'.repeat(65_200)] },
      ],
    });
    assert.equal(r.result(1), 'killed SIGSEGV');
    assert.equal(r.task('sh').threads[0]!.run.state, 'running');
  });
});
