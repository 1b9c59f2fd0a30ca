import * as assert from 'node:assert/strict';
import { Engine, renderTrace, type Scenario } from '../../../../../sim-core/src/index.js';
import { data, elf, expect, scenario } from '../../../../support/scenario-builder.js';
import { assertGolden } from '../../../../support/golden.js';
import { eventsOf, fdRows, outcomeOf, phasesOf, run, taskNamed } from './birth-world.js';

const ENVP_INIT = ['HOME=/', 'TERM=linux'];

/** The boot CPU's idle task (init_task, pid 0) and a root filesystem with /sbin/init. */
function boot(steps: NonNullable<Parameters<typeof scenario>[0]['steps']>): Scenario {
  return scenario({
    nodes: [
      elf('/lib64/ld-linux-x86-64.so.2'),
      elf('/sbin/init', { interp: '/lib64/ld-linux-x86-64.so.2' }),
      elf('/bin/sh'),
      { kind: 'device', path: '/dev/console', device: 'char', mode: 0o600 },
      data('/etc/motd'),
    ],
    tasks: [{ name: 'swapper', pid: 0, ppid: 0, kind: 'kernel-thread', comm: 'swapper/0' }],
    steps,
  });
}

/** init/main.c: rest_init, then kernel_init's console_on_rootfs and run_init_process. */
const INIT_BIRTH = boot([
  { task: 'swapper', call: 'user_mode_thread', child: 'init', fn: 'kernel_init', flags: ['CLONE_FS'] },
  { task: 'swapper', call: 'kernel_thread', child: 'kthreadd', fn: 'kthreadd', flags: ['CLONE_FS', 'CLONE_FILES'] },
  { task: 'init', call: 'open', path: '/dev/console', flags: ['O_RDWR'] },
  { task: 'init', call: 'dup', fd: 0 },
  { task: 'init', call: 'dup', fd: 0 },
  { task: 'init', call: 'kernel_execve', path: '/init', argv: ['/init'], envp: ENVP_INIT },
  { task: 'init', call: 'kernel_execve', path: '/sbin/init', argv: ['/sbin/init'], envp: ENVP_INIT },
]);

describe('linux kernel-side process birth', () => {
  describe('init\'s birth from the boot thread', () => {
    it('gives init pid 1 and kthreadd pid 2, both children of pid 0', () => {
      const e = run(INIT_BIRTH);
      const init = taskNamed(e.state, 'init');
      const kthreadd = taskNamed(e.state, 'kthreadd');
      assert.deepEqual([init.pid, init.ppid, kthreadd.pid, kthreadd.ppid], [1, 0, 2, 0]);
      assert.deepEqual([outcomeOf(e, 0), outcomeOf(e, 1)], ['ok 1', 'ok 2']);
    });

    it('creates init as a user-mode thread with zeroed pt_regs, resuming in ret_from_kernel_thread to call kernel_init', () => {
      const e = run(INIT_BIRTH);
      const after = e.stateAt(eventsOf(e, 0).at(-1)!.seq);
      const init = taskNamed(after, 'init');
      assert.equal(init.kind, 'user-mode-thread');
      assert.equal(init.comm, 'swapper/0');
      assert.equal(init.exe, null);
      assert.deepEqual(init.ext.linuxBirth, {
        resume: 'ret_from_kernel_thread',
        fn: 'kernel_init',
        regs: { setBy: 'copy_thread (user-mode thread)', ip: '0', sp: '0', ax: '0', user: false },
      });
      assert.deepEqual(after.mms.get(init.mm)!.mappings, []);
      assert.deepEqual(phasesOf(eventsOf(e, 0)), [
        'linux.birth.user_mode_thread',
        'linux.birth.kernel_clone',
        'linux.birth.copy_process',
        'linux.birth.copy_files',
        'linux.birth.copy_mm',
        'linux.birth.copy_thread',
        'linux.birth.ret_from_kernel_thread',
      ]);
    });

    it('creates kthreadd as a kernel thread named kthreadd that shares pid 0\'s fd table', () => {
      const e = run(INIT_BIRTH);
      const kthreadd = taskNamed(e.state, 'kthreadd');
      const swapper = taskNamed(e.state, 'swapper');
      assert.deepEqual([kthreadd.kind, kthreadd.comm], ['kernel-thread', 'kthreadd']);
      assert.equal(kthreadd.files, swapper.files);
      assert.deepEqual(kthreadd.ext.linuxBirth?.regs, { setBy: 'copy_thread (kernel thread)', ip: '0', sp: '0', ax: '0', user: false });
      assert.notEqual(taskNamed(e.state, 'init').files, swapper.files);
    });

    it('opens the console as fds 0, 1 and 2 on one open file description before exec', () => {
      const e = run(INIT_BIRTH);
      assert.deepEqual(fdRows(e.state, 'init'), ['0 → /dev/console (rw)', '1 → /dev/console (rw)', '2 → /dev/console (rw)']);
      const slots = e.state.fdTables.get(taskNamed(e.state, 'init').files)!.slots;
      assert.equal(new Set([0, 1, 2].map((fd) => slots.get(fd)!.desc)).size, 1);
    });

    it('fails /init with ENOENT and leaves init a user-mode thread, then execs /sbin/init', () => {
      const e = run(INIT_BIRTH);
      assert.deepEqual([outcomeOf(e, 5), outcomeOf(e, 6)], ['ENOENT', 'ok']);
      const o = e.outcomes().get(5)!;
      assert.ok(!o.ok && 'errno' in o && o.phase === 'linux.open_exec');
      const afterFirst = e.stateAt(eventsOf(e, 5).at(-1)!.seq);
      assert.equal(taskNamed(afterFirst, 'init').kind, 'user-mode-thread');
    });

    it('turns init into a user process: comm init, exe /sbin/init, argv and envp of run_init_process', () => {
      const e = run(INIT_BIRTH);
      const init = taskNamed(e.state, 'init');
      assert.deepEqual([init.kind, init.comm, init.exe, init.pid], ['user', 'init', '/sbin/init', 1]);
      const mm = e.state.mms.get(init.mm)!;
      assert.deepEqual([mm.argv, mm.envp], [['/sbin/init'], ENVP_INIT]);
      assert.deepEqual(mm.mappings.map((m) => m.kind), ['text', 'interp', 'stack', 'vdso']);
    });

    it('leaves through ret_from_fork with the pt_regs start_thread wrote at current_pt_regs()', () => {
      const e = run(INIT_BIRTH);
      const evs = eventsOf(e, 6);
      const phases = phasesOf(evs);
      assert.deepEqual(phases.slice(0, 3), ['linux.birth.kernel_execve', 'linux.open_exec', 'linux.birth.kernel_execve_args']);
      assert.equal(phases.at(-1), 'linux.birth.ret_to_user');
      assert.ok(!phases.includes('linux.entry') && !phases.includes('linux.copy_args') && !phases.includes('linux.nproc'));
      const regs = evs.find((x) => x.kind === 'task-changed' && x.field === 'current_pt_regs');
      assert.ok(regs && regs.kind === 'task-changed');
      assert.equal(regs.to, 'ip=entry of /lib64/ld-linux-x86-64.so.2 sp=top of the new stack ax=0 (user mode; set by start_thread)');
      assert.equal(regs.frame?.phase, 'linux.birth.ret_to_user');
      const kind = evs.find((x) => x.kind === 'task-changed' && x.field === 'kind');
      assert.ok(kind && kind.kind === 'task-changed' && kind.from === 'user-mode-thread' && kind.to === 'user');
    });

    it('renders the whole birth as a golden trace', () => {
      const e = new Engine(INIT_BIRTH, { checkInvariants: true });
      assertGolden('test/sim-core/personalities/linux/birth/golden/init-birth.trace.txt', renderTrace(e, { compact: true }).join('\n'));
    });
  });

  describe('kernel_execve', () => {
    it('refuses a true kernel thread (PF_KTHREAD) with EINVAL before opening anything', () => {
      const e = run(
        boot([
          { task: 'swapper', call: 'kernel_thread', child: 'kworker', fn: 'worker_thread', flags: [] },
          { task: 'kworker', call: 'kernel_execve', path: '/sbin/init', argv: ['/sbin/init'] },
        ]),
      );
      assert.equal(outcomeOf(e, 1), 'EINVAL');
      assert.deepEqual(phasesOf(eventsOf(e, 1)), ['linux.birth.kernel_execve']);
      const o = e.outcomes().get(1)!;
      assert.ok(!o.ok && 'errno' in o && /non-sense for kernel threads/.test(o.detail));
      assert.equal(taskNamed(e.state, 'kworker').kind, 'kernel-thread');
    });

    it('refuses an empty argv with EINVAL after the file was opened (execve would add argv[0] = "")', () => {
      const e = run(
        boot([
          { task: 'swapper', call: 'user_mode_thread', child: 'umh', fn: 'call_usermodehelper_exec_async', flags: [] },
          { task: 'umh', call: 'kernel_execve', path: '/sbin/init', argv: [] },
          { task: 'umh', call: 'kernel_execve', path: '/missing', argv: [] },
        ]),
      );
      assert.deepEqual([outcomeOf(e, 1), outcomeOf(e, 2)], ['EINVAL', 'ENOENT']);
      assert.deepEqual(phasesOf(eventsOf(e, 1)), ['linux.birth.kernel_execve', 'linux.open_exec', 'linux.birth.kernel_execve_args']);
    });

    it('is not a call a user process can make: the statement does not run', () => {
      const e = run(
        boot([
          { task: 'swapper', call: 'user_mode_thread', child: 'init', fn: 'kernel_init', flags: [] },
          { task: 'init', call: 'kernel_execve', path: '/sbin/init', argv: ['/sbin/init'] },
          { task: 'init', call: 'kernel_execve', path: '/bin/sh', argv: ['sh'] },
          { task: 'init', call: 'kernel_thread', child: 'late', fn: 'kthreadd', flags: [] },
        ]),
      );
      assert.equal(outcomeOf(e, 1), 'ok');
      assert.equal(
        outcomeOf(e, 2),
        'blocked: never ran: kernel_execve() is a kernel function and init (pid 1) is a user process (SEEDS 004: user processes never call kernel_thread or kernel_execve)',
      );
      assert.match(outcomeOf(e, 3), /^blocked: never ran: kernel_thread\(\) is a kernel function/);
      assert.equal(e.state.names['late'], undefined);
    });
  });

  describe('user_mode_thread with CLONE_VFORK (a usermode helper the caller waits for)', () => {
    it('releases the waiting kernel thread when the helper\'s exec reaches exec_mmap', () => {
      const e = run(
        boot([
          { task: 'swapper', call: 'user_mode_thread', child: 'helper', fn: 'call_usermodehelper_exec_async', flags: ['CLONE_VFORK'] },
          { task: 'helper', call: 'kernel_execve', path: '/bin/sh', argv: ['/bin/sh', '-c', 'true'] },
          expect({ what: 'state', task: 'swapper', state: 'running' }),
          expect({ what: 'task-kind', task: 'helper', kind: 'user' }),
          expect({ what: 'pt-regs', task: 'helper', ip: '0x401000', user: true }),
        ]),
      );
      assert.deepEqual([...e.expectationResults().values()].map((r) => [r.passed, r.seen]), [
        [true, 'running'],
        [true, 'user'],
        [true, 'ip=0x401000 sp=top of the new stack ax=0 (user mode; set by start_thread)'],
      ]);
      assert.equal(e.events().filter((x) => x.kind === 'thread-resumed' && x.pid === 0).length, 1);
    });
  });

  describe('validation', () => {
    it('refuses kernel functions called by a user process', () => {
      const sc = scenario({
        nodes: [elf('/bin/sh')],
        tasks: [{ name: 'shell', pid: 100, exe: '/bin/sh' }],
        steps: [{ task: 'shell', call: 'kernel_thread', child: 'k', fn: 'kthreadd', flags: [] }],
      });
      const r = Engine.create(sc);
      assert.ok(!r.ok);
      assert.deepEqual(r.problems.map((p) => [p.at, p.message]), [['actions[0].call', 'kernel_thread is a kernel function; shell is a user process']]);
    });

    it('refuses system calls from a kernel thread and unsimulated kernel_thread flags', () => {
      const r = Engine.create(
        boot([
          { task: 'swapper', call: 'fork', child: 'x' },
          { task: 'swapper', call: 'kernel_thread', child: 'k', fn: 'kthreadd', flags: ['CLONE_SIGHAND'] },
          { task: 'swapper', call: 'kernel_thread', child: 'k2', fn: 'not a name', flags: [] },
        ]),
      );
      assert.ok(!r.ok);
      assert.deepEqual(r.problems.map((p) => [p.at, p.message]), [
        ['actions[0].call', 'swapper is a kernel-thread and makes no system calls'],
        ['actions[1].flags', 'CLONE_SIGHAND is not simulated for kernel_thread'],
        ['actions[2].fn', '"not a name" is not a kernel function name'],
      ]);
    });

    it('accepts pid 0 only for a kernel thread', () => {
      const r = Engine.create(scenario({ tasks: [{ name: 'zero', pid: 0 }] }));
      assert.ok(!r.ok);
      assert.deepEqual(r.problems.map((p) => [p.at, p.message]), [['tasks[0].pid', 'pid 0 is out of range']]);
    });
  });
});
