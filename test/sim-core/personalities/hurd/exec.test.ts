import * as assert from 'node:assert/strict';
import type { Engine, ExpectationSpec, SimEvent } from '../../../../sim-core/src/index.js';
import { evaluateHurdExpectation } from '../../../../sim-core/src/personalities/hurd/expectations.js';
import { data, elf } from '../../../support/scenario-builder.js';
import { arg, glibc, hurdScenario, last, names, outcome, phases, reply, request, rpcs, run } from './support.js';

const tty = { kind: 'device' as const, path: '/dev/tty', device: 'char' as const };

function sameTask(extra: { fds?: object[]; envp?: string[]; signals?: Record<string, unknown>; umask?: number; ptraced?: boolean } = {}): Engine {
  return run(
    hurdScenario({
      nodes: [elf('/lib/ld.so'), elf('/bin/prog', { interp: '/lib/ld.so' }), data('/etc/motd'), tty],
      tasks: [
        {
          name: 'shell',
          pid: 100,
          creds: { uid: 1000, gid: 1000 },
          fds: (extra.fds as never) ?? [
            { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
            { fd: 1, dupOf: 0 },
            { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
          ],
          ...(extra.signals ? { signals: extra.signals as never } : {}),
          ...(extra.umask !== undefined ? { umask: extra.umask } : {}),
          ...(extra.ptraced ? { ptraced: true } : {}),
        },
      ],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'], envp: extra.envp ?? ['HOME=/'] }],
    }),
  );
}

function expectAt(engine: Engine, seq: number, body: Record<string, unknown>): { passed: boolean; seen: string } {
  const spec = { ...body, index: 0, after: 0, loc: { line: 1, column: 1, endLine: 1, endColumn: 1 } } as unknown as ExpectationSpec;
  const r = evaluateHurdExpectation(spec, engine.stateAt(seq))!;
  return { passed: r.passed, seen: r.seen };
}

function firstEvent(engine: Engine, pred: (e: SimEvent) => boolean): number {
  return engine.events().findIndex(pred);
}

describe('Hurd exec in the same task', () => {
  it('runs the phases in order: glibc, the filesystem, the exec server, then the new program', () => {
    assert.deepEqual(phases(sameTask(), { action: 0 }), [
      'hurd.glibc.lookup',
      'hurd.glibc.pack_ports',
      'hurd.glibc.pack_ints',
      'hurd.glibc.pack_dtable',
      'hurd.glibc.svuid_reauth',
      'hurd.glibc.dealloc_destroy_lists',
      'hurd.glibc.file_exec',
      'hurd.fs.file_exec',
      'hurd.fs.setuid',
      'hurd.fs.forward',
      'hurd.exec.preflight',
      'hurd.exec.check',
      'hurd.exec.newtask',
      'hurd.exec.boot_data',
      'hurd.exec.secure_ports',
      'hurd.exec.interp_lookup',
      'hurd.exec.trash_oldtask',
      'hurd.exec.load',
      'hurd.exec.proc_register',
      'hurd.exec.thread',
      'hurd.exec.proc_reassign',
      'hurd.exec.bootstrap_port',
      'hurd.exec.finish',
      'hurd.newtask.startup',
      'hurd.newtask.init',
      'hurd.newtask.dtable',
      'hurd.newtask.signals',
      'hurd.newtask.proc',
    ]);
  });

  it('makes the RPCs of an exec in this order', () => {
    assert.deepEqual(rpcs(sameTask()), [
      'dir_lookup', 'auth_getids', 'mach_port_names', 'file_exec_paths',
      'exec_exec_paths', 'task_suspend', 'io_map', 'io_stat', 'task_get_bootstrap_port',
      'dir_lookup', 'io_map', 'io_stat', 'task_threads',
      'proc_set_code', 'proc_task2pid', 'proc_set_exe', 'task_set_name', 'proc_set_entry',
      'thread_create', 'task_set_bootstrap_port', 'proc_mark_exec', 'thread_resume', 'task_resume',
      'task_get_special_port(TASK_BOOTSTRAP_PORT)', 'exec_startup_get_info', 'task_set_special_port(TASK_BOOTSTRAP_PORT)',
      'proc_setmsgport', 'proc_set_arg_locations',
    ]);
  });

  it('packs the descriptor table with close-on-exec slots NULL and trailing NULL slots pruned', () => {
    const e = sameTask();
    assert.equal(arg(request(e, 'file_exec_paths'), 'dtable'), '[11 11]');
  });

  it('keeps a NULL slot for a close-on-exec descriptor in the middle', () => {
    const e = sameTask({ fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }, { fd: 1, target: { path: '/etc/motd' }, cloexec: true }, { fd: 2, dupOf: 0 }] });
    assert.equal(arg(request(e, 'file_exec_paths'), 'dtable'), '[11 NULL 11]');
  });

  it('puts the close-on-exec ports, the init ports and the dtable ports on the dealloc list, every other name on the destroy list', () => {
    const r = request(sameTask(), 'file_exec_paths');
    assert.equal(arg(r, 'dealloc'), '[12 4 5 6 7 11 11]');
    assert.equal(arg(r, 'destroy'), '[1 2 3 8 9 10 12 13]');
  });

  it('copies the dtable and init ports into the message (COPY_SEND) and keeps its own rights', () => {
    const r = request(sameTask(), 'file_exec_paths');
    assert.deepEqual(r.rights.map((m) => `${m.what} ${m.from} ${m.disposition}`), [
      'oldtask 1 COPY_SEND', 'dtable[0] 11 COPY_SEND', 'dtable[1] 11 COPY_SEND',
      'portarray[CWDIR] 4 COPY_SEND', 'portarray[CRDIR] 5 COPY_SEND', 'portarray[AUTH] 6 COPY_SEND', 'portarray[PROC] 7 COPY_SEND', 'portarray[CTTYID] 0 COPY_SEND', 'portarray[BOOTSTRAP] 0 COPY_SEND',
    ]);
  });

  it('crosses the point of no return when the exec server trashes the old task, after the interpreter was found', () => {
    const e = sameTask();
    assert.equal(e.actions().get(0)!.ponr, true);
    const ponr = firstEvent(e, (x) => x.kind === 'point-of-no-return');
    const interp = firstEvent(e, (x) => x.kind === 'phase-entered' && x.phase === 'hurd.exec.interp_lookup');
    const load = firstEvent(e, (x) => x.kind === 'phase-entered' && x.phase === 'hurd.exec.load');
    assert.ok(interp < ponr && ponr < load);
    const ev = e.event(ponr) as Extract<SimEvent, { kind: 'point-of-no-return' }>;
    assert.deepEqual([ev.pid, ev.phase], [100, 'hurd.exec.trash_oldtask']);
  });

  it('leaves the new program exactly the rights exec_startup_get_info gave it, under reused names', () => {
    assert.deepEqual(names(last(sameTask()), 'shell'), [
      '1 send(1) io', '2 send(1) io', '3 send(2) io', '5 send(1) thread', '6 receive reply', '7 send(1) proc',
      '8 receive+send(1) msgport', '9 receive reply', '10 send(1) thread', '11 send(1) auth', '13 send(1) task',
    ]);
  });

  it('installs the descriptors at the same numbers with flags 0', () => {
    const g = glibc(last(sameTask({ fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }, { fd: 4, target: { path: '/etc/motd' } }, { fd: 5, dupOf: 4, cloexec: true }] })), 'shell');
    assert.deepEqual(g.filter((l) => l.startsWith('fd ')), ['fd 0 = 3 (io /dev/tty (O_READ|O_WRITE) uids 1000)', 'fd 4 = 2 (io /etc/motd (O_READ) uids 1000)']);
  });

  it('frees the close-on-exec file at its server: the last send right went with the destroy list', () => {
    const e = sameTask();
    const noSenders = e.events().filter((x) => x.kind === 'hurd-rights' && x.op === 'no-senders').map((x) => (x as { detail: string }).detail);
    assert.ok(noSenders.some((d) => d.startsWith('no-senders notification for io /etc/motd')), noSenders.join('\n'));
    assert.ok(!names(last(e), 'ext2fs').includes('8 receive io'));
  });

  it('gives the new task the exec server\'s bootinfo as bootstrap port until _hurd_init puts the real one back', () => {
    const e = sameTask();
    const swap = firstEvent(e, (x) => x.kind === 'hurd-rights' && x.op === 'special-port');
    assert.deepEqual(expectAt(e, swap, { what: 'bootstrap-port', task: 'shell', kind: 'execboot' }), { passed: true, seen: 'bootstrap port execboot (execboot for prog)' });
    assert.deepEqual(expectAt(e, e.length - 1, { what: 'bootstrap-port', task: 'shell', kind: 'none' }), { passed: true, seen: 'bootstrap port none' });
  });

  it('frees the bootinfo on no-senders once the new program replaced its bootstrap port', () => {
    const e = sameTask();
    const details = e.events().filter((x) => x.kind === 'hurd-rights').map((x) => (x as { detail: string }).detail);
    const i = details.findIndex((d) => d.startsWith('no-senders notification for execboot for prog'));
    assert.ok(i >= 0);
    assert.match(details[i + 1]!, /^mach_port_destroy \d+: execboot for prog has no senders left$/);
  });

  it('puts LD_ORIGIN_PATH=<dirname of abspath> first in the new environment', () => {
    assert.equal(reply(sameTask(), 'exec_startup_get_info').out[3], 'envp ["LD_ORIGIN_PATH=/bin","HOME=/"]');
  });

  it('replaces an existing LD_ORIGIN_PATH where it is', () => {
    assert.equal(reply(sameTask({ envp: ['HOME=/', 'LD_ORIGIN_PATH=/x'] }), 'exec_startup_get_info').out[3], 'envp ["HOME=/","LD_ORIGIN_PATH=/bin"]');
  });

  it('packs umask, the blocked and pending signals and the ignored ones as Hurd signal masks', () => {
    const e = sameTask({ umask: 0o027, signals: { blocked: ['SIGUSR1'], pending: ['SIGINT'], dispositions: { SIGPIPE: 'ignore', SIGTERM: 'handler' } } });
    assert.equal(arg(request(e, 'file_exec_paths'), 'ints'), '{UMASK=027 SIGMASK=0x20000000 SIGIGN=0x1000 SIGPENDING=0x2 TRACEMASK=0x0}');
  });

  it('starts the new program with that mask and pending set, ignored signals ignored and caught ones default', () => {
    const t = last(sameTask({ umask: 0o027, signals: { blocked: ['SIGUSR1'], pending: ['SIGINT'], dispositions: { SIGPIPE: 'ignore', SIGTERM: 'handler' } } })).tasks.get(100)!;
    assert.deepEqual(t.threads.map((x) => [x.name, x.blocked]), [['main', ['SIGUSR1']], ['msgport', t.threads[1]!.blocked]]);
    assert.deepEqual(t.signals, { dispositions: { SIGPIPE: 'ignore' }, pending: ['SIGINT'] });
    assert.equal(t.umask, 0o027);
  });

  it('keeps the pid, the Mach task and the credentials, and names the task argv0(pid)', () => {
    const s = last(sameTask());
    const t = s.tasks.get(100)!;
    assert.equal(t.ext.hurd!.task, t.ext.hurd!.originalTask);
    assert.equal(s.ext.hurd!.tasks.get(t.ext.hurd!.task)!.name, 'prog(100)');
    assert.equal(t.creds.euid, 1000);
    assert.equal(t.exe, '/bin/prog');
  });

  it('leaves the exec server\'s and the filesystem\'s namespaces as they were', () => {
    const e = sameTask();
    assert.deepEqual(names(last(e), 'exec'), names(e.initialState, 'exec'));
    assert.deepEqual(names(last(e), 'ext2fs'), names(e.initialState, 'ext2fs').filter((n) => n !== '8 receive io'));
  });

  it('discards the filesystem\'s reply: the thread that called file_exec_paths is gone', () => {
    const r = reply(sameTask(), 'file_exec_paths');
    assert.deepEqual([r.result, r.to.label], ['ok', 'dead reply port']);
    assert.deepEqual(outcome(sameTask(), 0), { ok: true, detail: 'now running /bin/prog' });
  });

  it('opens PT_INTERP O_READ (not O_EXEC) with the new program\'s ports', () => {
    const lookups = sameTask().events().flatMap((x) => (x.kind === 'hurd-rpc' && x.rpc === 'dir_lookup' ? [`${x.from.label} ${x.args.join(' ')}`] : []));
    assert.deepEqual(lookups, ['shell(100) "bin/prog" O_EXEC', 'exec(7) "lib/ld.so" O_READ']);
  });

  it('blocks every signal around file_exec_paths and restores the mask when the exec fails', () => {
    const e = run(
      hurdScenario({
        nodes: [elf('/bin/x', { interp: '/lib/none.so' })],
        tasks: [{ name: 'shell', pid: 100, signals: { blocked: ['SIGUSR1'] } }],
        steps: [{ task: 'shell', call: 'execve', path: '/bin/x', argv: ['x'] }],
      }),
    );
    const masks = e.events().flatMap((x) => (x.kind === 'signal-changed' ? [x.detail] : []));
    assert.deepEqual(masks, ['sigprocmask(SIG_SETMASK, all): no signal may interrupt the exec RPC', 'sigprocmask(SIG_SETMASK, old)']);
    assert.deepEqual(last(e).tasks.get(100)!.threads[0]!.blocked, ['SIGUSR1']);
  });

  it('asks for EXEC_SIGTRAP when traced, and leaves the first thread suspended for the debugger', () => {
    const e = sameTask({ ptraced: true });
    assert.equal(arg(request(e, 'file_exec_paths'), 'flags'), '0x8');
    assert.ok(!rpcs(e).includes('exec_startup_get_info'));
    assert.ok(rpcs(e).includes('proc_mark_stop'));
    assert.ok(!rpcs(e).includes('thread_resume'));
  });
});

describe('the controlling terminal across exec', () => {
  it('passes the tty\'s io port (not its ctty port), and the new program opens a new ctty port shared by dups', () => {
    const e = run(
      hurdScenario({
        nodes: [elf('/bin/prog'), tty],
        tasks: [{ name: 'shell', pid: 100, hurd: { ctty: '/dev/tty' }, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }, { fd: 1, dupOf: 0 }] }],
        steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'] }],
      }),
    );
    const r = request(e, 'file_exec_paths');
    assert.equal(arg(r, 'dtable'), '[12 12]');
    assert.match(arg(r, 'dealloc'), /^\[13 13 /);
    assert.deepEqual(rpcs(e, 'shell').filter((x) => x === 'term_open_ctty'), ['term_open_ctty']);
    const fds = glibc(last(e), 'shell').filter((l) => l.startsWith('fd '));
    assert.equal(fds.length, 2);
    assert.ok(fds.every((l) => / ctty \d+$/.test(l)));
    assert.equal(fds[0]!.split(' ctty ')[1], fds[1]!.split(' ctty ')[1]);
  });
});
