/**
 * Scripts (fs/binfmt_script.c: load_script; fs/exec.c: exec_binprm): argv as
 * the interpreter receives it, relative interpreters, scripts named through
 * a close-on-exec fd, the depth limit, and what the new program is.
 */
import * as assert from 'node:assert/strict';
import type { ActionCall, FsNodeSpec, TaskSpec } from '../../../../sim-core/src/index.js';
import { elf, script } from '../../../support/scenario-builder.js';
import { runLinux, world } from './run-linux.js';

function run(nodes: FsNodeSpec[], call: ActionCall, task: Partial<TaskSpec> = {}) {
  return runLinux({ nodes: world(nodes), tasks: [{ name: 'sh', pid: 100, ...task }], steps: [{ task: 'sh', ...call }] });
}

/** A chain /s/1 → /s/2 → … → /s/n → /bin/interp. */
function chain(n: number): FsNodeSpec[] {
  return Array.from({ length: n }, (_, i) => script(`/s/${i + 1}`, i + 1 < n ? `#!/s/${i + 2}\n` : '#!/bin/interp\n'));
}

describe('linux exec: #! scripts', () => {
  it('argv becomes interpreter, the one argument, the script path, then argv[1..]; argv[0] is dropped', () => {
    const r = run([script('/bin/s', '#!/bin/interp -e -x\n')], { call: 'execve', path: '/bin/s', argv: ['name-ignored', 'one', 'two'] });
    assert.equal(r.result(0), 'ok');
    assert.deepEqual(r.argv('sh'), ['/bin/interp', '-e -x', '/bin/s', 'one', 'two']);
  });

  it('without an argument nothing is inserted', () => {
    const r = run([script('/bin/s', '#!/bin/interp\n')], { call: 'execve', path: '/bin/s', argv: ['s', 'one'] });
    assert.deepEqual(r.argv('sh'), ['/bin/interp', '/bin/s', 'one']);
  });

  it('the script path is the name given, relative names included', () => {
    const r = run([script('/bin/s', '#!/bin/interp\n')], { call: 'execve', path: 's', argv: ['s'] }, { cwd: '/bin' });
    assert.deepEqual(r.argv('sh'), ['/bin/interp', 's']);
  });

  it('a relative interpreter is found from the caller\'s cwd, not from the script\'s directory', () => {
    const nodes = [script('/scripts/s', '#!interp\n'), elf('/scripts/interp')];
    const fromBin = run(nodes, { call: 'execve', path: '/scripts/s', argv: ['s'] }, { cwd: '/bin' });
    assert.equal(fromBin.result(0), 'ok');
    assert.equal(fromBin.task('sh').exe, '/bin/interp');
    const fromEtc = run(nodes, { call: 'execve', path: '/scripts/s', argv: ['s'] }, { cwd: '/etc' });
    assert.deepEqual([fromEtc.result(0), fromEtc.failedIn(0)], ['ENOENT', 'linux.binfmt_script']);
  });

  it('a missing interpreter is ENOENT, an interpreter without x is EACCES, both in binfmt_script before the point of no return', () => {
    const missing = run([script('/bin/s', '#!/bin/nothing\n')], { call: 'execve', path: '/bin/s', argv: ['s'] });
    assert.deepEqual([missing.result(0), missing.failedIn(0), missing.ponr(0)], ['ENOENT', 'linux.binfmt_script', false]);
    const noexec = run([script('/bin/s', '#!/bin/plain\n'), elf('/bin/plain', { mode: 0o644 })], { call: 'execve', path: '/bin/s', argv: ['s'] });
    assert.deepEqual([noexec.result(0), noexec.failedIn(0)], ['EACCES', 'linux.binfmt_script']);
  });

  it('a bad #! line: load_script says ENOEXEC, search_binary_handler tries no one else and returns ENOEXEC', () => {
    for (const text of ['#!\n', '#!  \t \n', `#!/${'y'.repeat(300)}\n`]) {
      const r = run([script('/bin/s', text)], { call: 'execve', path: '/bin/s', argv: ['s'] });
      assert.deepEqual([r.result(0), r.failedIn(0)], ['ENOEXEC', 'linux.search_binfmt'], JSON.stringify(text));
      const scriptLeft = r.events(0).find((e) => e.kind === 'phase-left' && e.phase === 'linux.binfmt_script');
      assert.equal(scriptLeft?.kind === 'phase-left' && scriptLeft.errno, 'ENOEXEC');
    }
  });

  it('5 levels of scripts run; a 6th is ELOOP in the interpreter loop', () => {
    const five = run(chain(5), { call: 'execve', path: '/s/1', argv: ['one'] });
    assert.equal(five.result(0), 'ok');
    assert.deepEqual(five.argv('sh'), ['/bin/interp', '/s/5', '/s/4', '/s/3', '/s/2', '/s/1']);
    const six = run(chain(6), { call: 'execve', path: '/s/1', argv: ['one'] });
    assert.deepEqual([six.result(0), six.failedIn(0), six.ponr(0)], ['ELOOP', 'linux.interp_loop', false]);
    assert.equal(six.phases(0).filter((p) => p === 'linux.binfmt_script').length, 6);
  });

  it('a script named through a close-on-exec fd is ENOENT (BINPRM_FLAGS_PATH_INACCESSIBLE), a binary is not', () => {
    const task = { fds: [{ fd: 3, target: { path: '/bin/s' }, cloexec: true }, { fd: 4, target: { path: '/bin' }, cloexec: true }] };
    const nodes = [script('/bin/s', '#!/bin/interp\n')];
    const byFd = run(nodes, { call: 'fexecve', fd: 3, argv: ['s'] }, task);
    assert.deepEqual([byFd.result(0), byFd.failedIn(0)], ['ENOENT', 'linux.binfmt_script']);
    const byDir = run(nodes, { call: 'execveat', dirfd: 4, path: 's', argv: ['s'], flags: [] }, task);
    assert.deepEqual([byDir.result(0), byDir.failedIn(0)], ['ENOENT', 'linux.binfmt_script']);
    assert.equal(run(nodes, { call: 'execveat', dirfd: 4, path: 'prog', argv: ['p'], flags: [] }, task).result(0), 'ok');
  });

  it('through a plain fd the interpreter is given /dev/fd/N, or /dev/fd/N/name with a directory fd', () => {
    const task = { fds: [{ fd: 3, target: { path: '/bin/s' } }, { fd: 5, target: { path: '/bin' } }] };
    const nodes = [script('/bin/s', '#!/bin/interp -x\n')];
    const byFd = run(nodes, { call: 'execveat', dirfd: 3, path: '', argv: ['s', 'a'], flags: ['AT_EMPTY_PATH'] }, task);
    assert.deepEqual(byFd.argv('sh'), ['/bin/interp', '-x', '/dev/fd/3', 'a']);
    const byDir = run(nodes, { call: 'execveat', dirfd: 5, path: 's', argv: ['s'], flags: [] }, task);
    assert.deepEqual(byDir.argv('sh'), ['/bin/interp', '-x', '/dev/fd/5/s']);
  });

  it('the new program is the interpreter: /proc/self/exe and the mapped image', () => {
    const r = run([script('/bin/s', '#!/bin/interp\n')], { call: 'execve', path: '/bin/s', argv: ['s'] });
    assert.equal(r.task('sh').exe, '/bin/interp');
    assert.equal(r.state.mms.get(r.task('sh').mm)!.image, '/bin/interp');
  });

  it('comm is the basename of the name executed, the script\'s, not the interpreter\'s', () => {
    const r = run([script('/bin/my-script', '#!/bin/interp\n')], { call: 'execve', path: '/bin/my-script', argv: ['s'] });
    assert.equal(r.task('sh').comm, 'my-script');
  });

  it('a script\'s set-uid bit is ignored: the ids come from the interpreter', () => {
    const r = run(
      [script('/bin/s', '#!/bin/interp\n', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } })],
      { call: 'execve', path: '/bin/s', argv: ['s'] },
      { creds: { uid: 1000, gid: 1000 } },
    );
    assert.deepEqual(r.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 0);
  });

  it('a set-uid interpreter does apply: credentials come from the final file', () => {
    const r = run(
      [script('/bin/s', '#!/bin/suid-interp\n'), elf('/bin/suid-interp', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } })],
      { call: 'execve', path: '/bin/s', argv: ['s'] },
      { creds: { uid: 1000, gid: 1000 } },
    );
    assert.deepEqual(r.ids('sh'), [1000, 65534, 65534, 65534, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 1);
  });
});
