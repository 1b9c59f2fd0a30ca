import * as assert from 'node:assert/strict';
import type { Engine, FsNodeSpec, MountSpec } from '../../../../sim-core/src/index.js';
import type { HurdWorldSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { data, elf } from '../../../support/scenario-builder.js';
import { glibc, hurdScenario, last, names, outcome, reply, rpcs, run } from './support.js';
import { hurdFail } from '../../../../sim-core/src/personalities/hurd/exec-actions.js';

function execOf(path: string, nodes: FsNodeSpec[], o: { mounts?: MountSpec[]; hurd?: HurdWorldSpec; uid?: number; steps?: object[] } = {}): Engine {
  return run(
    hurdScenario({
      mounts: o.mounts,
      hurd: o.hurd,
      nodes,
      tasks: [{ name: 'shell', pid: 100, creds: { uid: o.uid ?? 1000, gid: 1000 } }],
      steps: (o.steps as never) ?? [{ task: 'shell', call: 'execve', path, argv: ['x'] }],
    }),
  );
}

function failure(e: Engine, action = 0): [string, string | undefined] {
  const o = outcome(e, action);
  assert.ok(!o.ok && 'errno' in o, JSON.stringify(o));
  return [o.errno, o.phase];
}

const mounts: MountSpec[] = [
  { path: '/', fstype: 'ext2fs' },
  { path: '/noexec', fstype: 'ext2fs', noexec: true },
  { path: '/net', fstype: 'nfs', server: 'libnetfs' },
  { path: '/dev/null', fstype: 'null', server: 'libtrivfs' },
];

describe('Hurd exec failures and who sees them', () => {
  it('returns the lookup\'s ENOENT to the caller', () => {
    assert.deepEqual(failure(execOf('/bin/none', [])), ['ENOENT', 'hurd.glibc.lookup']);
  });

  it('checks execute permission when the file is opened O_EXEC (EACCES from dir_lookup)', () => {
    const e = execOf('/bin/x', [elf('/bin/x', { mode: 0o644 })]);
    assert.deepEqual(failure(e), ['EACCES', 'hurd.glibc.lookup']);
    assert.deepEqual(rpcs(e), ['dir_lookup']);
  });

  it('refuses a directory in the filesystem\'s file_exec_paths, after the open succeeded', () => {
    const e = execOf('/bin', [elf('/bin/x')]);
    assert.deepEqual(failure(e), ['EACCES', 'hurd.fs.file_exec']);
    assert.equal(reply(e, 'file_exec_paths').out[0], '/bin is a directory');
  });

  it('refuses a file with no execute bit for anyone, even to root (who could open it O_EXEC only with one)', () => {
    const e = execOf('/bin/x', [elf('/bin/x', { mode: 0o644 })], { uid: 0 });
    assert.deepEqual(failure(e), ['EACCES', 'hurd.glibc.lookup']);
  });

  it('refuses a file on a libdiskfs filesystem mounted noexec (EACCES from file_exec_paths)', () => {
    assert.deepEqual(failure(execOf('/noexec/prog', [elf('/noexec/prog')], { mounts })), ['EACCES', 'hurd.fs.file_exec']);
  });

  it('answers EOPNOTSUPP for a libtrivfs node', () => {
    assert.deepEqual(failure(execOf('/dev/null', [elf('/dev/null')], { mounts })), ['EOPNOTSUPP', 'hurd.fs.file_exec']);
  });

  it('crosses into another translator with FS_RETRY_REAUTH and a second dir_lookup', () => {
    const e = execOf('/net/prog', [elf('/net/prog')], { mounts });
    assert.deepEqual(rpcs(e, 'shell').slice(0, 2), ['dir_lookup', 'dir_lookup']);
    assert.deepEqual(reply(e, 'dir_lookup').out, ['FS_RETRY_REAUTH', '"prog"']);
    assert.equal(outcome(e, 0).ok, true);
    const peropens = e.events().flatMap((x) => (x.kind === 'hurd-rights' && x.detail.startsWith('new peropen /net/prog') ? [x.detail] : []));
    assert.deepEqual(peropens, ['new peropen /net/prog (O_EXEC) and its protid', 'new peropen /net/prog (O_READ) and its protid (for the exec server to read the file)']);
  });

  it('gives EBADF when file_exec_paths is sent on a port not opened with O_EXEC', () => {
    const e = run(
      hurdScenario({
        nodes: [elf('/bin/prog')],
        tasks: [
          { name: 'parent', pid: 100, fds: [{ fd: 3, target: { path: '/bin/prog' }, access: 'ro' }] },
          { name: 'child', pid: 200 },
        ],
        steps: [{ task: 'parent', call: 'file_exec_paths', target: 'child', fd: 3, argv: ['prog'] }],
      }),
    );
    assert.deepEqual(failure(e), ['EBADF', 'hurd.fs.file_exec']);
  });

  it('checks noexec before O_EXEC on libdiskfs (EACCES, not EBADF)', () => {
    const e = run(
      hurdScenario({
        mounts,
        nodes: [elf('/noexec/prog')],
        tasks: [
          { name: 'parent', pid: 100, fds: [{ fd: 3, target: { path: '/noexec/prog' }, access: 'ro' }] },
          { name: 'child', pid: 200 },
        ],
        steps: [{ task: 'parent', call: 'file_exec_paths', target: 'child', fd: 3, argv: ['prog'] }],
      }),
    );
    assert.deepEqual(failure(e), ['EACCES', 'hurd.fs.file_exec']);
  });

  it('checks O_EXEC before anything else on libnetfs (EBADF even with no x bit)', () => {
    const e = run(
      hurdScenario({
        mounts,
        nodes: [elf('/net/prog', { mode: 0o644 })],
        tasks: [
          { name: 'parent', pid: 100, fds: [{ fd: 3, target: { path: '/net/prog' }, access: 'ro' }] },
          { name: 'child', pid: 200 },
        ],
        steps: [{ task: 'parent', call: 'file_exec_paths', target: 'child', fd: 3, argv: ['prog'] }],
      }),
    );
    assert.deepEqual(failure(e), ['EBADF', 'hurd.fs.file_exec']);
  });

  it('answers EOPNOTSUPP when there is no exec server', () => {
    assert.deepEqual(failure(execOf('/bin/x', [elf('/bin/x')], { hurd: { execServer: false } })), ['EOPNOTSUPP', 'hurd.fs.file_exec']);
  });

  it('fails a secure exec with EIEIO before the exec server has its standard ports', () => {
    assert.deepEqual(failure(execOf('/bin/su', [elf('/bin/su', { mode: 0o4755 })], { hurd: { execServerReady: false } })), ['EIEIO', 'hurd.exec.preflight']);
  });

  it('runs a non-secure exec before the exec server has its standard ports', () => {
    assert.equal(outcome(execOf('/bin/x', [elf('/bin/x')], { hurd: { execServerReady: false } }), 0).ok, true);
  });

  it('gives ENOEXEC for a file that is neither ELF nor #!', () => {
    assert.deepEqual(failure(execOf('/bin/d', [data('/bin/d', { mode: 0o755 })])), ['ENOEXEC', 'hurd.exec.hashbang']);
  });

  it('gives ENOEXEC for an ELF file of another machine (through the #! check)', () => {
    assert.deepEqual(failure(execOf('/bin/a', [elf('/bin/a', { machine: 'aarch64' })])), ['ENOEXEC', 'hurd.exec.hashbang']);
  });

  it('gives ELIBEXEC for e_entry 0', () => {
    assert.deepEqual(failure(execOf('/bin/l', [{ kind: 'file', path: '/bin/l', content: { type: 'elf', machine: 'x86_64', entry: 0 } }])), ['ELIBEXEC', 'hurd.exec.check']);
  });

  it('rejects a PT_LOAD segment ending exactly at the end of the file (file_size <= p_offset + p_filesz)', () => {
    const at = (filesz: number) => execOf('/bin/e', [{ kind: 'file', path: '/bin/e', content: { type: 'elf', machine: 'x86_64', size: 4096, segments: [{ offset: 0, filesz }] } }]);
    assert.deepEqual(failure(at(4096)), ['ENOEXEC', 'hurd.exec.check']);
    assert.equal(outcome(at(4095), 0).ok, true);
  });

  it('fails before the point of no return when PT_INTERP is missing: the old program is intact', () => {
    const e = execOf('/bin/x', [elf('/bin/x', { interp: '/lib/ld.so' })]);
    assert.deepEqual(failure(e), ['ENOENT', 'hurd.exec.interp_lookup']);
    assert.equal(e.actions().get(0)!.ponr, false);
    assert.deepEqual(names(last(e), 'shell'), names(e.initialState, 'shell'));
    assert.deepEqual(glibc(last(e), 'shell'), glibc(e.initialState, 'shell'));
  });

  it('resumes the old task after a failure before the point of no return', () => {
    const e = execOf('/bin/x', [elf('/bin/x', { interp: '/lib/ld.so' })]);
    assert.deepEqual(rpcs(e, 'exec').filter((r) => r.startsWith('task_')), ['task_suspend', 'task_get_bootstrap_port', 'task_resume']);
    assert.equal(last(e).ext.hurd!.tasks.get(last(e).tasks.get(100)!.ext.hurd!.task)!.suspend, 0);
  });

  it('kills the task when loading fails after the point of no return; nobody gets the error', () => {
    const e = execOf('/bin/big', [{ kind: 'file', path: '/bin/big', content: { type: 'elf', machine: 'x86_64', segments: [{ offset: 0, filesz: 64, memsz: 2 ** 48 }] } }]);
    const o = outcome(e, 0);
    assert.deepEqual(o, { ok: false, killed: 'SIGKILL', detail: 'the exec failed (KERN_NO_SPACE) after the point of no return: the exec server terminated the task', phase: 'hurd.exec.load' });
    assert.equal(e.actions().get(0)!.ponr, true);
    assert.equal(last(e).tasks.get(100)!.status.state, 'killed');
    assert.equal(reply(e, 'file_exec_paths').to.label, 'dead reply port');
    assert.ok(!e.events().some((x) => x.kind === 'error-returned'));
  });

  it('maps Mach codes to what the program sees (__hurd_fail)', () => {
    assert.deepEqual(['MACH_SEND_INVALID_DEST', 'KERN_NO_SPACE', 'EACCES'].map((x) => hurdFail(x as never)), ['EIEIO', 'ENOMEM', 'EACCES']);
  });
});
