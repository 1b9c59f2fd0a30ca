import * as assert from 'node:assert/strict';
import type { Engine, ExpectationSpec } from '../../../../sim-core/src/index.js';
import { evaluateHurdExpectation } from '../../../../sim-core/src/personalities/hurd/expectations.js';
import type { SpawnAttributes, SpawnFileAction } from '../../../../sim-core/src/personalities/hurd/actions.js';
import type { IdVectorsSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { data, elf } from '../../../support/scenario-builder.js';
import { arg, glibc, hurdScenario, last, names, outcome, request, rpcs, run } from './support.js';

const tty = { kind: 'device' as const, path: '/dev/tty', device: 'char' as const };

function spawn(o: { fileActions?: SpawnFileAction[]; attributes?: SpawnAttributes; path?: string; usePath?: boolean; tryShell?: boolean; auth?: IdVectorsSpec; envp?: string[] } = {}): Engine {
  return run(
    hurdScenario({
      nodes: [elf('/bin/prog'), elf('/bin/sh'), data('/bin/notprog', { mode: 0o755 }), data('/etc/motd'), data('/tmp/out', { mode: 0o666 }), tty, { kind: 'dir', path: '/locked', mode: 0o700 }, elf('/locked/prog')],
      tasks: [
        {
          name: 'shell',
          pid: 100,
          creds: { uid: 1000, gid: 1000 },
          signals: { blocked: ['SIGUSR1'], pending: ['SIGUSR1'], dispositions: { SIGINT: 'ignore' } },
          fds: [
            { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
            { fd: 1, dupOf: 0 },
            { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
            { fd: 4, target: { path: '/etc/motd' }, cloexec: true },
          ],
          ...(o.auth ? { hurd: { auth: o.auth } } : {}),
        },
      ],
      steps: [
        {
          task: 'shell',
          call: 'posix_spawn',
          child: 'kid',
          path: o.path ?? '/bin/prog',
          argv: ['prog'],
          ...(o.envp ? { envp: o.envp } : {}),
          ...(o.usePath ? { usePath: true } : {}),
          ...(o.tryShell ? { tryShell: true } : {}),
          ...(o.fileActions ? { fileActions: o.fileActions } : {}),
          ...(o.attributes ? { attributes: o.attributes } : {}),
        },
      ],
    }),
  );
}

function childFds(e: Engine): string[] {
  return glibc(last(e), 'kid').filter((l) => l.startsWith('fd '));
}

function check(engine: Engine, body: Record<string, unknown>): { passed: boolean; seen: string } {
  const spec = { ...body, index: 0, after: 0, loc: { line: 1, column: 1, endLine: 1, endColumn: 1 } } as unknown as ExpectationSpec;
  const r = evaluateHurdExpectation(spec, last(engine))!;
  return { passed: r.passed, seen: r.seen };
}

describe('posix_spawn on the Hurd', () => {
  it('creates a fresh task and registers it with proc as the caller\'s child, like fork', () => {
    const e = spawn();
    assert.deepEqual(rpcs(e, 'shell').slice(0, 4), ['task_create', 'proc_task2pid', 'proc_task2proc', 'proc_child']);
    assert.equal(last(e).tasks.get(last(e).names.kid!)!.ppid, 100);
  });

  it('sends file_exec_paths with the child\'s task port and empty dealloc and destroy lists', () => {
    const r = request(spawn(), 'file_exec_paths');
    assert.deepEqual([arg(r, 'dealloc'), arg(r, 'destroy')], ['[]', '[]']);
    assert.equal(r.rights[0]!.what, 'oldtask');
  });

  it('lets the exec server reuse the fresh task: no task_create there, no point of no return for the parent', () => {
    const e = spawn();
    assert.ok(!rpcs(e, 'exec').includes('task_create'));
    assert.equal(e.actions().get(0)!.ponr, false);
    assert.equal(check(e, { what: 'task-replaced', task: 'kid', replaced: false }).passed, true);
  });

  it('drops close-on-exec descriptors, keeps the others at their numbers', () => {
    assert.deepEqual(childFds(spawn()), ['fd 0 = 5 (io /dev/tty (O_READ|O_WRITE) uids 1000)', 'fd 1 = 5 (io /dev/tty (O_READ|O_WRITE) uids 1000)']);
  });

  it('keeps a descriptor opened by a file action even with O_CLOEXEC', () => {
    const e = spawn({ fileActions: [{ action: 'open', fd: 5, path: '/tmp/out', flags: ['O_WRONLY', 'O_CLOEXEC'] }] });
    assert.ok(childFds(e).some((l) => l.startsWith('fd 5 = ') && l.includes('/tmp/out (O_WRITE)')));
  });

  it('clears close-on-exec with adddup2(fd, fd)', () => {
    const e = spawn({ fileActions: [{ action: 'dup2', fd: 3, newfd: 3 }] });
    assert.deepEqual(childFds(e).map((l) => l.slice(0, 4)), ['fd 0', 'fd 1', 'fd 3']);
  });

  it('runs file actions on the descriptors as they were, close-on-exec ones included, before dropping those', () => {
    const e = spawn({ fileActions: [{ action: 'dup2', fd: 4, newfd: 7 }, { action: 'close', fd: 1 }] });
    assert.deepEqual(childFds(e).map((l) => l.replace(/ = \d+ /, ' ')), ['fd 0 (io /dev/tty (O_READ|O_WRITE) uids 1000)', 'fd 7 (io /etc/motd (O_READ) uids 1000)']);
  });

  it('passes the caller\'s mask and ignored signals, and no pending signal', () => {
    assert.equal(arg(request(spawn(), 'file_exec_paths'), 'ints'), '{UMASK=022 SIGMASK=0x20000000 SIGIGN=0x2 SIGPENDING=0x0 TRACEMASK=0x0}');
  });

  it('resets ignored signals with POSIX_SPAWN_SETSIGDEF and sets the mask with POSIX_SPAWN_SETSIGMASK', () => {
    const e = spawn({ attributes: { flags: ['POSIX_SPAWN_SETSIGDEF', 'POSIX_SPAWN_SETSIGMASK'], sigmask: ['SIGTERM'] } });
    assert.equal(arg(request(e, 'file_exec_paths'), 'ints'), '{UMASK=022 SIGMASK=0x4000 SIGIGN=0x0 SIGPENDING=0x0 TRACEMASK=0x0}');
  });

  it('gives the child the real ids as its only effective ids with POSIX_SPAWN_RESETIDS', () => {
    const e = spawn({ attributes: { flags: ['POSIX_SPAWN_RESETIDS'] }, auth: { euids: [0], auids: [1000, 1000], egids: [0], agids: [1000, 1000] } });
    assert.deepEqual(check(e, { what: 'auth-ids', task: 'kid', ids: { euids: [1000], auids: [1000, 1000], egids: [1000], agids: [1000, 1000] } }).seen, 'eu 1000 au 1000 1000 eg 1000 ag 1000 1000');
    assert.ok(rpcs(e, 'shell').includes('proc_reauthenticate'));
  });

  it('returns the child\'s pid and leaves the parent\'s namespace as it was', () => {
    const e = spawn();
    assert.deepEqual(outcome(e, 0), { ok: true, value: 110, detail: 'kid is pid 110' });
    assert.deepEqual(names(last(e), 'shell'), names(e.initialState, 'shell'));
  });

  it('returns EBADF to the parent for dup2 of a closed descriptor, and terminates the child task', () => {
    const e = spawn({ fileActions: [{ action: 'dup2', fd: 9, newfd: 2 }] });
    const o = outcome(e, 0);
    assert.ok(!o.ok && 'errno' in o);
    assert.deepEqual([o.errno, o.phase], ['EBADF', 'hurd.spawn.file_actions']);
    assert.equal(last(e).tasks.get(110)!.status.state, 'killed');
    assert.deepEqual(names(last(e), 'shell'), names(e.initialState, 'shell'));
  });

  it('returns the exec\'s own errno to the parent (no exit status 127)', () => {
    const o = outcome(spawn({ path: '/bin/none' }), 0);
    assert.ok(!o.ok && 'errno' in o);
    assert.deepEqual([o.errno, o.phase], ['ENOENT', 'hurd.spawn.lookup']);
  });

  it('gives ENOEXEC to the parent, or retries with /bin/sh under SPAWN_XFLAGS_TRY_SHELL', () => {
    const o = outcome(spawn({ path: '/bin/notprog' }), 0);
    assert.ok(!o.ok && 'errno' in o && o.errno === 'ENOEXEC');
    const e = spawn({ path: '/bin/notprog', tryShell: true });
    assert.equal(outcome(e, 0).ok, true);
    assert.equal(arg(request(e, 'file_exec_paths', 1), 'argv'), '["/bin/sh","prog"]');
  });

  it('searches $PATH for posix_spawnp, going on after EACCES and ENOENT', () => {
    const e = spawn({ path: 'prog', usePath: true, envp: ['PATH=/nowhere:/locked:/bin'] });
    assert.equal(outcome(e, 0).ok, true);
    assert.deepEqual(e.events().flatMap((x) => (x.kind === 'hurd-reply' && x.rpc === 'dir_lookup' && x.to.label.startsWith('shell') ? [x.result] : [])), ['ENOENT', 'EACCES', 'ok']);
    assert.equal(arg(request(e, 'file_exec_paths'), 'argv'), '["prog"]');
  });
});
