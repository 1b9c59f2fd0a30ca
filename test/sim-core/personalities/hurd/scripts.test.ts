import * as assert from 'node:assert/strict';
import type { Engine, FsNodeSpec } from '../../../../sim-core/src/index.js';
import { elf, script } from '../../../support/scenario-builder.js';
import { arg, glibc, hurdScenario, last, outcome, reply, request, rpcs, run } from './support.js';

const tty = { kind: 'device' as const, path: '/dev/tty', device: 'char' as const };

function runScript(nodes: FsNodeSpec[], step: object, fds: object[] = [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }, { fd: 2, dupOf: 0 }], pre: object[] = []): Engine {
  return run(
    hurdScenario({
      nodes: [elf('/bin/sh'), tty, ...nodes],
      tasks: [{ name: 'shell', pid: 100, cwd: '/tmp', creds: { uid: 1000, gid: 1000 }, fds: fds as never }],
      steps: [...(pre as never[]), step as never],
    }),
  );
}

/** argv of the interpreter's exec: the second file_exec_paths. */
function interpArgv(e: Engine): string {
  return arg(request(e, 'file_exec_paths', 1), 'argv');
}

describe('#! scripts on the Hurd', () => {
  it('are run by the exec server: interpreter, the rest of the line as one argument, the script\'s path, then argv[1..]', () => {
    const e = runScript([script('/tmp/s', '#!/bin/sh -e -x \nexit\n', { mode: 0o755 })], { task: 'shell', call: 'execve', path: '/tmp/s', argv: ['s', 'a1', 'a2'] });
    assert.equal(interpArgv(e), '["/bin/sh","-e -x","/tmp/s","a1","a2"]');
    assert.deepEqual(request(e, 'file_exec_paths', 1).from.label, 'exec(7)');
  });

  it('look the interpreter up with the user\'s ports, as the exec server, O_EXEC', () => {
    const e = runScript([script('/tmp/s', '#!/bin/sh\n', { mode: 0o755 })], { task: 'shell', call: 'execve', path: '/tmp/s', argv: ['s'] });
    const lookups = e.events().flatMap((x) => (x.kind === 'hurd-rpc' && x.rpc === 'dir_lookup' ? [`${x.from.label} ${x.args.join(' ')}`] : []));
    assert.deepEqual(lookups, ['shell(100) "tmp/s" O_EXEC', 'exec(7) "bin/sh" O_EXEC']);
  });

  it('pass the interpreter the same flags and its own name as path and abspath', () => {
    const r = request(runScript([script('/tmp/s', '#!/bin/sh\n', { mode: 0o755 })], { task: 'shell', call: 'execve', path: 's', argv: ['s'] }), 'file_exec_paths', 1);
    assert.deepEqual(r.args.slice(0, 3), ['flags 0', '"/bin/sh"', '"/bin/sh"']);
  });

  it('name the script by the path glibc gave (relative here)', () => {
    assert.equal(interpArgv(runScript([script('/tmp/s', '#!/bin/sh\n', { mode: 0o755 })], { task: 'shell', call: 'execve', path: 's', argv: ['s'] })), '["/bin/sh","s"]');
  });

  it('name a setuid script /dev/fd/N, N the lowest NULL slot of the dtable, holding the script', () => {
    const e = runScript([script('/tmp/s', '#!/bin/sh\n', { mode: 0o4755, owner: { uid: 0, gid: 0 } })], { task: 'shell', call: 'execve', path: '/tmp/s', argv: ['s'] });
    assert.equal(interpArgv(e), '["/bin/sh","/dev/fd/1"]');
    assert.equal(arg(request(e, 'file_exec_paths', 1), 'flags'), '0x3');
    assert.equal(glibc(last(e), 'shell').find((l) => l.startsWith('fd 1 = ')), 'fd 1 = 6 (io /tmp/s (O_READ|O_EXEC) uids 1000)');
  });

  it('grow the descriptor table by one for /dev/fd/N when it has no NULL slot', () => {
    const e = runScript([script('/tmp/s', '#!/bin/sh\n', { mode: 0o4755, owner: { uid: 0, gid: 0 } })], { task: 'shell', call: 'execve', path: '/tmp/s', argv: ['s'] }, [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }]);
    assert.equal(interpArgv(e), '["/bin/sh","/dev/fd/1"]');
    assert.match(arg(request(e, 'file_exec_paths', 1), 'dtable'), /^\[\d+ \d+\]$/);
  });

  it('guess the script\'s name from argv[0] and $PATH when glibc passes no path (fexecve), checking io_identity', () => {
    const e = runScript(
      [script('/tmp/s', '#!/bin/sh\n', { mode: 0o755 })],
      { task: 'shell', call: 'fexecve', fd: 1, argv: ['s'], envp: ['PATH=/usr/bin:/tmp'] },
      [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }],
      [{ task: 'shell', call: 'open', path: '/tmp/s', flags: ['O_EXEC'] }],
    );
    assert.equal(interpArgv(e), '["/bin/sh","/tmp/s"]');
    // The interpreter first, then the script's identity, then $PATH: /usr/bin/s (ENOENT), /tmp/s (same file).
    assert.deepEqual(rpcs(e, 'exec').filter((r) => r === 'io_identity' || r === 'dir_lookup').slice(0, 5), ['dir_lookup', 'io_identity', 'dir_lookup', 'dir_lookup', 'io_identity']);
  });

  it('fall back to /dev/fd/N when argv[0] names another file', () => {
    const e = runScript(
      [script('/tmp/s', '#!/bin/sh\n', { mode: 0o755 }), elf('/tmp/other')],
      { task: 'shell', call: 'fexecve', fd: 1, argv: ['/tmp/other'] },
      [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }],
      [{ task: 'shell', call: 'open', path: '/tmp/s', flags: ['O_EXEC'] }],
    );
    assert.equal(interpArgv(e), '["/bin/sh","/dev/fd/2"]');
  });

  it('return the interpreter lookup\'s error, before the point of no return', () => {
    const e = runScript([script('/tmp/s', '#!/bin/nope\n', { mode: 0o755 })], { task: 'shell', call: 'execve', path: '/tmp/s', argv: ['s'] });
    const o = outcome(e, 0);
    assert.ok(!o.ok && 'errno' in o);
    assert.deepEqual([o.errno, o.phase], ['ENOENT', 'hurd.exec.hashbang']);
    assert.equal(e.actions().get(0)!.ponr, false);
    assert.equal(reply(e, 'exec_exec_paths').result, 'ENOENT');
  });

  it('resume the old task once after the interpreter\'s exec succeeded', () => {
    const e = runScript([script('/tmp/s', '#!/bin/sh\n', { mode: 0o755 })], { task: 'shell', call: 'execve', path: '/tmp/s', argv: ['s'] });
    assert.deepEqual(rpcs(e, 'exec').filter((r) => r === 'task_suspend' || r === 'task_resume'), ['task_suspend', 'task_suspend', 'task_resume', 'task_resume']);
    assert.equal(last(e).tasks.get(100)!.exe, '/bin/sh');
  });
});
