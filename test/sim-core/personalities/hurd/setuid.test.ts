import * as assert from 'node:assert/strict';
import type { Engine, ExpectationSpec, MountSpec } from '../../../../sim-core/src/index.js';
import { evaluateHurdExpectation } from '../../../../sim-core/src/personalities/hurd/expectations.js';
import type { IdVectorsSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { elf } from '../../../support/scenario-builder.js';
import { arg, glibc, hurdScenario, last, names, outcome, request, rpcs, run } from './support.js';

const tty = { kind: 'device' as const, path: '/dev/tty', device: 'char' as const };

function setuidExec(o: { mode?: number; owner?: { uid: number; gid: number }; auth?: IdVectorsSpec; umask?: number; mounts?: MountSpec[]; path?: string } = {}): Engine {
  const path = o.path ?? '/bin/su';
  return run(
    hurdScenario({
      mounts: o.mounts,
      nodes: [elf(path, { mode: o.mode ?? 0o4755, owner: o.owner ?? { uid: 0, gid: 0 } }), tty, { kind: 'dir', path: '/home/u', mode: 0o755, owner: { uid: 1000, gid: 1000 } }],
      tasks: [
        {
          name: 'shell',
          pid: 100,
          cwd: '/home/u',
          umask: o.umask ?? 0o022,
          creds: { uid: 1000, gid: 1000 },
          fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }],
          ...(o.auth ? { hurd: { auth: o.auth } } : {}),
        },
      ],
      steps: [{ task: 'shell', call: 'execve', path, argv: ['su'] }],
    }),
  );
}

function check(engine: Engine, body: Record<string, unknown>): { passed: boolean; seen: string } {
  const spec = { ...body, index: 0, after: 0, loc: { line: 1, column: 1, endLine: 1, endColumn: 1 } } as unknown as ExpectationSpec;
  const r = evaluateHurdExpectation(spec, last(engine))!;
  return { passed: r.passed, seen: r.seen };
}

describe('setuid exec on the Hurd', () => {
  it('gets EXEC_SECURE|EXEC_NEWTASK from the filesystem when the file\'s uid is new to the caller', () => {
    const e = setuidExec();
    assert.equal(arg(request(e, 'file_exec_paths'), 'flags'), '0');
    assert.equal(arg(request(e, 'exec_exec_paths'), 'flags'), '0x3');
  });

  it('makes the new auth: the file\'s uid effective, the old effective uid kept available', () => {
    assert.deepEqual(check(setuidExec(), { what: 'auth-ids', task: 'shell', ids: { euids: [0], auids: [1000, 0, 1000], egids: [1000], agids: [1000, 1000] } }), { passed: true, seen: 'eu 0 au 1000 0 1000 eg 1000 ag 1000 1000' });
    assert.deepEqual(last(setuidExec()).tasks.get(100)!.creds, { uid: 1000, euid: 0, suid: 0, fsuid: 0, gid: 1000, egid: 1000, sgid: 1000, fsgid: 1000, groups: [1000] });
  });

  it('runs the program in a new task: same pid, old task terminated, stub process gone', () => {
    const e = setuidExec();
    const s = last(e);
    assert.deepEqual(check(e, { what: 'task-replaced', task: 'shell', replaced: true }).passed, true);
    const h = s.tasks.get(100)!.ext.hurd!;
    assert.equal(s.ext.hurd!.tasks.get(h.originalTask)!.alive, false);
    assert.deepEqual([...s.tasks.keys()], [4, 5, 6, 7, 100]);
    assert.equal(e.actions().get(0)!.ponr, false);
  });

  it('reauthenticates the fds and CWDIR with the new auth and passes CRDIR as NULL (exec_reauth, secure)', () => {
    const r = request(setuidExec(), 'exec_exec_paths');
    assert.match(arg(r, 'ports'), /^\{CWDIR=\d+ CRDIR=NULL AUTH=\d+ PROC=\d+ CTTYID=NULL BOOTSTRAP=NULL\}$/);
    assert.deepEqual(rpcs(setuidExec(), 'ext2fs').slice(0, 8), ['auth_getids', 'auth_makeauth', 'io_reauthenticate', 'auth_server_authenticate', 'auth_user_authenticate', 'io_reauthenticate', 'auth_server_authenticate', 'auth_user_authenticate']);
  });

  it('gives the new program the standard root, its own cwd and fds reauthenticated, the setuid auth and a new proc port', () => {
    assert.deepEqual(glibc(last(setuidExec()), 'shell').slice(0, 7), [
      '_hurd_ports[CWDIR] = 6 (io /home/u (0) uids 0)',
      '_hurd_ports[CRDIR] = 7 (io / (0) uids 0)',
      '_hurd_ports[AUTH] = 8 (auth {eu 0 au 1000 0 1000 eg 1000 ag 1000 1000})',
      '_hurd_ports[PROC] = 9 (proc shell(100))',
      '_hurd_ports[CTTYID] = NULL',
      '_hurd_ports[BOOTSTRAP] = NULL',
      'fd 0 = 5 (io /dev/tty (O_READ|O_WRITE) uids 0)',
    ]);
  });

  it('gives a secure exec the standard umask', () => {
    assert.equal(last(setuidExec({ umask: 0o077 })).tasks.get(100)!.umask, 0o022);
  });

  it('moves the pid to the new task with proc_reauthenticate_reassign', () => {
    const seq = rpcs(setuidExec(), 'exec');
    const i = seq.indexOf('proc_reauthenticate_reassign');
    assert.deepEqual(seq.slice(i - 1, i + 4), ['proc_task2proc', 'proc_reauthenticate_reassign', 'auth_user_authenticate', 'proc_reauthenticate_complete', 'task_set_bootstrap_port']);
  });

  it('creates the task with task_create on the exec server\'s own task', () => {
    assert.deepEqual(request(setuidExec(), 'task_create').args, ['parent: the exec server\'s own task', 'inherit_memory 0']);
  });

  it('names the new task after the pid proc gave it before the pid moved', () => {
    const s = last(setuidExec());
    assert.equal(s.ext.hurd!.tasks.get(s.tasks.get(100)!.ext.hurd!.task)!.name, 'su(110)');
  });

  it('tells the new program it was started secure (__libc_enable_secure)', () => {
    assert.equal(check(setuidExec(), { what: 'exec-secure', task: 'shell', secure: true }).passed, true);
  });

  it('keeps the filesystem\'s reference on the CRDIR it nulled (exec_reauth does not release it)', () => {
    assert.ok(names(last(setuidExec()), 'ext2fs').includes('6 receive+send(1) io'));
  });

  it('is not secure when the file\'s uid is one the caller already has: same task, proc port reauthenticated', () => {
    const e = setuidExec({ owner: { uid: 2000, gid: 0 }, auth: { euids: [1000, 2000], auids: [1000, 1000], egids: [1000], agids: [1000, 1000] } });
    assert.equal(arg(request(e, 'exec_exec_paths'), 'flags'), '0');
    assert.equal(check(e, { what: 'task-replaced', task: 'shell', replaced: false }).passed, true);
    assert.ok(rpcs(e, 'ext2fs').includes('proc_reauthenticate'));
    assert.deepEqual(check(e, { what: 'auth-ids', task: 'shell', ids: { euids: [2000, 2000], auids: [1000, 2000, 1000], egids: [1000], agids: [1000, 1000] } }), { passed: true, seen: 'eu 2000 2000 au 1000 2000 1000 eg 1000 ag 1000 1000' });
    assert.equal(e.actions().get(0)!.ponr, true);
  });

  it('does not count a saved id as held: glibc drops it (saved := effective) before the filesystem looks', () => {
    const e = setuidExec({ owner: { uid: 2000, gid: 0 }, auth: { euids: [1000], auids: [1000, 2000], egids: [1000], agids: [1000, 1000] } });
    assert.ok(rpcs(e, 'shell').includes('auth_makeauth'));
    assert.equal(arg(request(e, 'exec_exec_paths'), 'flags'), '0x3');
  });

  it('is not secure when the caller already has uid 0, even for a new id', () => {
    const e = setuidExec({ owner: { uid: 2000, gid: 0 }, auth: { euids: [0], auids: [0, 0], egids: [0], agids: [0, 0] } });
    assert.equal(arg(request(e, 'exec_exec_paths'), 'flags'), '0');
    assert.equal(check(e, { what: 'auth-ids', task: 'shell', ids: { euids: [2000], auids: [0, 2000, 0], egids: [0], agids: [0, 0] } }).passed, true);
  });

  it('applies setgid the same way', () => {
    const e = setuidExec({ mode: 0o2755, owner: { uid: 0, gid: 50 } });
    assert.equal(arg(request(e, 'exec_exec_paths'), 'flags'), '0x3');
    assert.equal(check(e, { what: 'auth-ids', task: 'shell', ids: { euids: [1000], auids: [1000, 1000], egids: [50], agids: [1000, 50, 1000] } }).passed, true);
  });

  it('ignores the set-id bits on a libdiskfs filesystem mounted nosuid', () => {
    const e = setuidExec({ mounts: [{ path: '/', fstype: 'ext2fs' }, { path: '/mnt', fstype: 'ext2fs', nosuid: true }], path: '/mnt/su' });
    assert.equal(arg(request(e, 'exec_exec_paths'), 'flags'), '0');
    assert.ok(!rpcs(e).includes('auth_makeauth'));
  });

  it('applies the set-id bits on libnetfs, which has no nosuid', () => {
    const e = setuidExec({ mounts: [{ path: '/', fstype: 'ext2fs' }, { path: '/net', fstype: 'nfs', server: 'libnetfs', nosuid: true }], path: '/net/su' });
    assert.equal(arg(request(e, 'exec_exec_paths'), 'flags'), '0x3');
    assert.deepEqual(outcome(e, 0), { ok: true, detail: 'now running /net/su' });
  });
});

describe('saved ids on exec (glibc)', () => {
  it('makes a new auth port with saved ids = effective ids and reauthenticates CRDIR, CWDIR and each fd', () => {
    const e = run(
      hurdScenario({
        nodes: [elf('/bin/prog'), tty],
        tasks: [{ name: 'shell', pid: 100, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }], hurd: { auth: { euids: [0], auids: [1000, 1000], egids: [0], agids: [1000, 1000] } } }],
        steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'] }],
      }),
    );
    assert.deepEqual(rpcs(e, 'shell').slice(0, 12), [
      'dir_lookup', 'auth_getids', 'auth_makeauth', 'io_reauthenticate', 'auth_user_authenticate', 'io_reauthenticate', 'auth_user_authenticate', 'io_reauthenticate', 'auth_user_authenticate', 'mach_port_names', 'file_exec_paths', 'task_get_special_port(TASK_BOOTSTRAP_PORT)',
    ]);
    assert.deepEqual(check(e, { what: 'auth-ids', task: 'shell', ids: { euids: [0], auids: [1000, 0], egids: [0], agids: [1000, 0] } }).seen, 'eu 0 au 1000 0 eg 0 ag 1000 0');
    assert.equal(last(e).tasks.get(100)!.creds.suid, 0);
  });

  it('does nothing when the saved ids already are the effective ones', () => {
    const e = run(hurdScenario({ nodes: [elf('/bin/prog')], tasks: [{ name: 'shell', pid: 100, creds: { uid: 5, gid: 5 } }], steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'] }] }));
    assert.ok(!rpcs(e).includes('auth_makeauth'));
  });
});
