/**
 * fast-check arbitraries for valid Linux scenarios: a filesystem of binaries
 * (static, dynamic, foreign, broken), scripts (chains without loops), data,
 * directories and symlinks on normal, noexec and nosuid mounts, set-id modes
 * and busy files; tasks with fds (close-on-exec or not, duplicates, pipes and
 * sockets), threads and signal state; then statements over open, close, dup,
 * dup2, dup3, fcntl, fork, vfork, pthread_create, execve, execveat, fexecve,
 * exit, kill, sigaction, sigprocmask and setuid, issued by the tasks and
 * threads that exist at that point, and expectations of every kind.
 *
 * Valid by construction: names are resolved while the statements are built,
 * so a statement only names a task or thread created before it.
 */
import fc from 'fast-check';
import type {
  ActionCall,
  ExpectationBody,
  FdSpec,
  FsNodeSpec,
  MountSpec,
  Scenario,
  SignalName,
  TaskSpec,
} from '../../../sim-core/src/index.js';
import { LINUX_PHASES } from '../../../sim-core/src/personalities/linux/catalogue.js';
import { scenario } from '../../support/scenario-builder.js';

const SIGNALS: readonly SignalName[] = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGCONT', 'SIGWINCH', 'SIGSEGV'];
const CATCHABLE = fc.constantFrom(...SIGNALS);
/** Any signal a statement may name, SIGKILL and SIGSTOP included (sigaction gives EINVAL, kill kills). */
const ANY_SIGNAL = fc.constantFrom<SignalName>(...SIGNALS, 'SIGKILL', 'SIGSTOP');
const FD = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 13, max: 1000 }) });
const MODE = fc.constantFrom(0o755, 0o755, 0o700, 0o711, 0o644, 0o4755, 0o2755, 0o6755, 0o2745, 0o4711, 0o000, 0o001, 0o100, 0o010);
const UID = fc.constantFrom(0, 0, 1000, 1000, 1001);

/** Binaries and scripts every world has, so that most execs get far. */
const FIXED_NODES: FsNodeSpec[] = [
  { kind: 'file', path: '/lib64/ld-linux-x86-64.so.2', content: { type: 'elf', machine: 'x86_64' } },
  { kind: 'file', path: '/bin/sh', content: { type: 'elf', machine: 'x86_64', interp: '/lib64/ld-linux-x86-64.so.2' } },
  { kind: 'file', path: '/bin/true', content: { type: 'elf', machine: 'x86_64' } },
  { kind: 'file', path: '/etc/motd', content: { type: 'data' } },
  { kind: 'device', path: '/dev/tty', device: 'char' },
  { kind: 'dir', path: '/tmp', mode: 0o1777 },
  { kind: 'dir', path: '/home/u', owner: { uid: 1000, gid: 1000 } },
];

interface World {
  readonly mounts: MountSpec[];
  readonly nodes: FsNodeSpec[];
  /** Paths worth naming: files that exist (executable or not), directories, links, and some that do not exist. */
  readonly paths: string[];
}

const elfContent = fc.record(
  {
    machine: fc.constantFrom('x86_64', 'x86_64', 'x86_64', 'aarch64'),
    interp: fc.constantFrom('/lib64/ld-linux-x86-64.so.2', '/lib/missing-ld.so', '/bin/true', '/etc/motd'),
    class: fc.constantFrom<32 | 64>(64, 64, 32),
    corrupt: fc.constantFrom(false, false, false, true),
  },
  { requiredKeys: ['machine'] },
).map((c) => ({ type: 'elf' as const, ...c }));

const worldArb: fc.Arbitrary<World> = fc
  .record({
    mounts: fc.subarray<MountSpec>([
      { path: '/mnt/noexec', fstype: 'tmpfs', noexec: true },
      { path: '/mnt/nosuid', fstype: 'ext4', nosuid: true },
    ]),
    binaries: fc.array(fc.record({ dir: fc.constantFrom('/usr/bin', '/mnt/noexec', '/mnt/nosuid', '/home/u'), content: elfContent, mode: MODE, owner: UID, busy: fc.boolean() }), { maxLength: 4 }),
    scripts: fc.array(
      fc.record({
        dir: fc.constantFrom('/usr/bin', '/tmp', '/mnt/nosuid'),
        target: fc.nat(20),
        line: fc.constantFrom('#!%s\n', '#! %s -x\n', '#!%s  a b  \n', '#!%s', '#!\n', '#!   \n', 'echo not a script\n', '#!bin/true\n'),
        mode: MODE,
      }),
      { maxLength: 4 },
    ),
    extras: fc.subarray<FsNodeSpec>([
      { kind: 'symlink', path: '/bin/link', target: 'sh' },
      { kind: 'symlink', path: '/bin/dangling', target: '/nowhere' },
      { kind: 'fifo', path: '/tmp/fifo' },
      { kind: 'dir', path: '/tmp/locked', mode: 0o700 },
      { kind: 'file', path: '/tmp/locked/prog', content: { type: 'elf', machine: 'x86_64' } },
      { kind: 'file', path: '/usr/bin/busy', content: { type: 'elf', machine: 'x86_64' }, writers: 1 },
    ]),
  })
  .map(({ mounts, binaries, scripts, extras }) => {
    const nodes: FsNodeSpec[] = [...FIXED_NODES];
    const mounted = new Set(mounts.map((m) => m.path));
    const onDisk = (dir: string) => !dir.startsWith('/mnt/') || mounted.has(dir);
    const executables = ['/bin/sh', '/bin/true'];
    binaries.forEach((b, i) => {
      if (!onDisk(b.dir)) return;
      const path = `${b.dir}/prog${i}`;
      nodes.push({ kind: 'file', path, content: b.content, mode: b.mode, owner: { uid: b.owner, gid: b.owner }, ...(b.busy ? { writers: 1 } : {}) });
      executables.push(path);
    });
    // Each script's interpreter is a binary or an earlier script: chains, never loops.
    scripts.forEach((s, i) => {
      if (!onDisk(s.dir)) return;
      const path = `${s.dir}/script${i}`;
      const interp = executables[s.target % executables.length]!;
      nodes.push({ kind: 'file', path, content: { type: 'script', text: s.line.replace('%s', interp) }, mode: s.mode });
      executables.push(path);
    });
    nodes.push(...extras);
    const paths = ['/bin/sh', '/bin/true', ...executables, '/etc/motd', '/dev/tty', '/tmp', '/nonexistent', 'true', '../bin/sh', ...extras.map((n) => n.path)];
    return { mounts, nodes, paths };
  });

function fdsArb(world: World): fc.Arbitrary<FdSpec[]> {
  const target = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...world.paths.filter((p) => p.startsWith('/') && !p.includes('nonexistent') && !p.includes('dangling') && !p.includes('nowhere'))).map((path) => ({ path })) },
    { weight: 1, arbitrary: fc.constantFrom({ pipe: 'p', end: 'read' as const }, { pipe: 'p', end: 'write' as const }, { socket: 'sock' }) },
  );
  return fc
    .array(fc.record({ fd: fc.integer({ min: 0, max: 12 }), target, access: fc.constantFrom<FdSpec['access']>('ro', 'ro', 'ro', 'ro', 'rw', 'wo', 'path'), cloexec: fc.boolean(), dup: fc.nat(10) }), { maxLength: 8, size: '+1' })
    .map((raw) => {
      const out: FdSpec[] = [];
      const used = new Set<number>();
      for (const r of raw) {
        if (used.has(r.fd)) continue;
        // A third of the fds share the description of an earlier one, as after dup.
        if (out.length && r.dup % 3 === 0) out.push({ fd: r.fd, dupOf: out[r.dup % out.length]!.fd, cloexec: r.cloexec });
        else out.push({ fd: r.fd, target: r.target, access: r.access, cloexec: r.cloexec });
        used.add(r.fd);
      }
      return out;
    });
}

function tasksArb(world: World): fc.Arbitrary<TaskSpec[]> {
  const task = fc.record({
    uid: UID,
    fds: fdsArb(world),
    threads: fc.integer({ min: 0, max: 2 }),
    blocked: fc.subarray(SIGNALS as SignalName[], { maxLength: 3 }),
    pending: fc.subarray(SIGNALS as SignalName[], { maxLength: 2 }),
    handled: fc.subarray(SIGNALS as SignalName[], { maxLength: 3 }),
    ignored: fc.subarray(['SIGPIPE', 'SIGHUP', 'SIGCHLD'] as SignalName[], { maxLength: 2 }),
    noNewPrivs: fc.boolean(),
    ptraced: fc.boolean(),
    cwd: fc.constantFrom('/', '/tmp', '/home/u'),
  });
  return fc.array(task, { minLength: 1, maxLength: 3 }).map((ts) =>
    ts.map((t, i) => ({
      name: `p${i}`,
      pid: 100 + 100 * i,
      creds: { uid: t.uid, gid: t.uid, groups: t.uid ? [t.uid] : [] },
      cwd: t.cwd,
      fds: t.fds,
      threads: Array.from({ length: t.threads }, (_, j) => ({ name: `w${j}` })),
      signals: {
        blocked: t.blocked,
        pending: t.pending,
        dispositions: Object.fromEntries([...t.handled.map((s) => [s, 'handler']), ...t.ignored.map((s) => [s, 'ignore'])]),
      },
      noNewPrivs: t.noNewPrivs,
      ptraced: t.ptraced,
    })),
  );
}

/** One statement to be: which call, with raw choices resolved against the tasks known at its point. */
const callSeed = fc.record({
  call: fc.constantFrom(
    'open', 'open', 'close', 'dup', 'dup2', 'dup3', 'fcntl', 'fcntl', 'fork', 'vfork', 'pthread_create',
    'execve', 'execve', 'execve', 'execveat', 'fexecve', 'exit', 'kill', 'sigaction', 'sigprocmask', 'setuid',
  ),
  who: fc.nat(100),
  thread: fc.nat(10),
  fd: FD,
  fd2: FD,
  path: fc.nat(100),
  flags: fc.subarray(['O_CLOEXEC', 'O_RDWR', 'O_WRONLY', 'O_CREAT', 'O_PATH', 'O_DIRECTORY', 'O_NOFOLLOW', 'O_EXEC'] as const, { maxLength: 3 }),
  atFlags: fc.subarray(['AT_EMPTY_PATH', 'AT_SYMLINK_NOFOLLOW', 'AT_EXE_FILE'] as const, { maxLength: 2 }),
  dirfd: fc.oneof(fc.constant('AT_FDCWD' as const), FD),
  argv: fc.array(fc.constantFrom('a', '-x', '', 'long-argument'), { maxLength: 3 }),
  cmd: fc.constantFrom('F_GETFD', 'F_SETFD', 'F_DUPFD', 'F_DUPFD_CLOEXEC') as fc.Arbitrary<'F_GETFD' | 'F_SETFD' | 'F_DUPFD' | 'F_DUPFD_CLOEXEC'>,
  arg: fc.integer({ min: 0, max: 5 }),
  signal: ANY_SIGNAL,
  signals: fc.subarray([...SIGNALS, 'SIGKILL'] as SignalName[], { maxLength: 3 }),
  disposition: fc.constantFrom('default', 'ignore', 'handler') as fc.Arbitrary<'default' | 'ignore' | 'handler'>,
  how: fc.constantFrom('SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK') as fc.Arbitrary<'SIG_BLOCK' | 'SIG_UNBLOCK' | 'SIG_SETMASK'>,
  uid: UID,
  status: fc.integer({ min: 0, max: 300 }),
});

type CallSeed = typeof callSeed extends fc.Arbitrary<infer T> ? T : never;

const expectSeed = fc.record({
  kind: fc.constantFrom(
    'fd-open', 'fd-closed', 'fd-table', 'cred', 'pid', 'comm', 'exe', 'argv', 'threads', 'disposition', 'blocked',
    'pending', 'auxv', 'state', 'killed', 'exited', 'result', 'ponr', 'failed-in', 'umask', 'cwd', 'memory', 'tid', 'ppid',
  ),
  who: fc.nat(100),
  n: fc.nat(20),
  signal: CATCHABLE,
  phase: fc.constantFrom(...LINUX_PHASES.map((p) => p.id)),
});

type ExpectSeed = typeof expectSeed extends fc.Arbitrary<infer T> ? T : never;

type Step = (ActionCall & { task: string; thread?: string }) | ({ expect: true } & ExpectationBody);

function buildSteps(world: World, tasks: TaskSpec[], seeds: Array<CallSeed | { e: ExpectSeed }>): Step[] {
  const known: string[] = tasks.map((t) => t.name);
  const threads = new Map<string, string[]>(tasks.map((t) => [t.name, ['main', ...(t.threads ?? []).map((th) => th.name)]]));
  // fds a statement is likely to find open: the task's initial ones (a fork child starts with its parent's).
  const fdsOf = new Map<string, number[]>(tasks.map((t) => [t.name, (t.fds ?? []).map((f) => f.fd)]));
  const steps: Step[] = [];
  let actions = 0;
  let children = 0;
  for (const seed of seeds) {
    if ('e' in seed) {
      steps.push({ expect: true, ...expectation(seed.e, tasks, actions) });
      continue;
    }
    const s = seed;
    const task = known[s.who % known.length]!;
    const own = threads.get(task)!;
    const thread = s.thread % 3 === 0 ? own[s.thread % own.length] : undefined;
    const by = { task, ...(thread && thread !== 'main' ? { thread } : {}) };
    const path = world.paths[s.path % world.paths.length]!;
    const open = fdsOf.get(task)!;
    const pick = (raw: number, salt: number) => (open.length && (raw + salt) % 4 !== 0 ? open[(raw + salt) % open.length]! : raw);
    const fd = pick(s.fd, s.path);
    const fd2 = pick(s.fd2, s.who);
    let call: ActionCall;
    switch (s.call) {
      case 'open':
        call = { call: 'open', path, flags: [...s.flags] };
        break;
      case 'close':
        call = { call: 'close', fd };
        break;
      case 'dup':
        call = { call: 'dup', fd };
        break;
      case 'dup2':
        call = { call: 'dup2', oldfd: fd, newfd: s.fd2 };
        break;
      case 'dup3':
        call = { call: 'dup3', oldfd: fd, newfd: fd2, flags: s.arg % 2 ? ['O_CLOEXEC'] : [] };
        break;
      case 'fcntl':
        call = { call: 'fcntl', fd, cmd: s.cmd, arg: s.arg };
        break;
      case 'fork':
      case 'vfork': {
        const child = `c${children++}`;
        call = { call: s.call, child };
        known.push(child);
        threads.set(child, ['main']);
        fdsOf.set(child, [...open]);
        break;
      }
      case 'pthread_create': {
        const name = `t${own.length}`;
        call = { call: 'pthread_create', newThread: name };
        own.push(name);
        break;
      }
      case 'execve':
        call = { call: 'execve', path, argv: s.argv.length ? [path.split('/').pop()!, ...s.argv] : [] };
        break;
      case 'execveat':
        call = { call: 'execveat', dirfd: s.dirfd === 'AT_FDCWD' ? s.dirfd : pick(s.dirfd, s.arg), path: s.arg === 0 ? '' : path, argv: ['x', ...s.argv], flags: [...s.atFlags] };
        break;
      case 'fexecve':
        call = { call: 'fexecve', fd, argv: ['x'] };
        break;
      case 'exit':
        call = { call: 'exit', status: s.status };
        break;
      case 'kill':
        call = { call: 'kill', target: known[s.fd % known.length]!, signal: s.signal };
        break;
      case 'sigaction':
        call = { call: 'sigaction', signal: s.signal, disposition: s.disposition };
        break;
      case 'sigprocmask':
        call = { call: 'sigprocmask', how: s.how, signals: [...s.signals] };
        break;
      case 'setuid':
        call = { call: 'setuid', uid: s.uid };
        break;
      default:
        throw new Error(`no seed for ${s.call as string}`);
    }
    steps.push({ ...call, ...by } as Step);
    actions++;
  }
  return steps;
}

/** An expectation about one of the scenario's own tasks (children may not exist yet), or about an earlier statement. */
function expectation(e: ExpectSeed, tasks: TaskSpec[], actionsSoFar: number): ExpectationBody {
  const task = tasks[e.who % tasks.length]!.name;
  const action = actionsSoFar ? e.n % actionsSoFar : -1;
  switch (e.kind) {
    case 'result':
    case 'ponr':
    case 'failed-in':
      if (action < 0) return { what: 'pid', task, pid: 100 };
      if (e.kind === 'result') return { what: 'result', action, outcome: (['ok', 'ENOENT', 'EACCES', 'EBADF'] as const)[e.n % 4]! };
      if (e.kind === 'ponr') return { what: 'ponr', action, crossed: e.n % 2 === 0 };
      return { what: 'failed-in', action, phase: e.phase };
    case 'fd-open':
      return { what: 'fd-open', task, fd: e.n % 13, ...(e.n % 2 ? { cloexec: false } : {}) };
    case 'fd-closed':
      return { what: 'fd-closed', task, fd: e.n % 13 };
    case 'fd-table':
      return { what: 'fd-table', task, rows: e.n % 2 ? [] : [{ fd: 0, target: '/dev/tty' }] };
    case 'cred':
      return { what: 'cred', task, field: (['uid', 'euid', 'suid', 'fsuid', 'groups'] as const)[e.n % 5]!, value: e.n % 5 === 4 ? [1000] : e.n % 2 ? 0 : 1000 };
    case 'pid':
      return { what: 'pid', task, pid: 100 + e.n };
    case 'ppid':
      return { what: 'ppid', task, ppid: 1 };
    case 'tid':
      return { what: 'tid', task, tid: 100 };
    case 'comm':
      return { what: 'comm', task, comm: ['true', 'sh', 'p0'][e.n % 3]! };
    case 'exe':
      return { what: 'exe', task, path: '/bin/true' };
    case 'argv':
      return { what: 'argv', task, argv: ['true'] };
    case 'threads':
      return { what: 'threads', task, count: 1 + (e.n % 3) };
    case 'disposition':
      return { what: 'disposition', task, signal: e.signal, disposition: (['default', 'ignore', 'handler'] as const)[e.n % 3]! };
    case 'blocked':
      return { what: 'blocked', task, signals: [e.signal] };
    case 'pending':
      return { what: 'pending', task, signals: [] };
    case 'auxv':
      return { what: 'auxv', task, key: e.n % 2 ? 'AT_SECURE' : 'AT_EXECFD', value: e.n % 3 ? 1 : null };
    case 'state':
      return { what: 'state', task, state: (['running', 'blocked', 'exited', 'killed'] as const)[e.n % 4]! };
    case 'killed':
      return { what: 'killed', task, signal: e.signal };
    case 'exited':
      return { what: 'exited', task, status: e.n };
    case 'umask':
      return { what: 'umask', task, umask: 0o022 };
    case 'cwd':
      return { what: 'cwd', task, path: '/tmp' };
    case 'memory':
      return { what: 'memory', task, variable: 'x', value: null };
    default:
      throw new Error(`no expectation seed for ${e.kind}`);
  }
}

/** A valid random Linux scenario. */
export const linuxScenario: fc.Arbitrary<Scenario> = worldArb.chain((world) =>
  tasksArb(world).chain((tasks) =>
    fc
      .array(fc.oneof({ weight: 4, arbitrary: callSeed }, { weight: 1, arbitrary: expectSeed.map((e) => ({ e })) }), { minLength: 2, maxLength: 20, size: '+1' })
      .map((seeds) =>
        scenario({
          machine: { kernelVersion: '6.12' },
          mounts: world.mounts,
          nodes: world.nodes,
          tasks,
          steps: buildSteps(world, tasks, seeds),
        }),
      ),
  ),
);
