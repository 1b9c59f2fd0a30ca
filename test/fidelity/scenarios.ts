/**
 * The fidelity scenarios: plain sim-core Scenario objects (so the scenario
 * language can later express them), each run by the simulator and by the
 * kernel of this machine (run.ts). They cover close-on-exec, execveat and
 * fexecve, `#!` parsing, ELF loading, permissions, argument limits,
 * credentials, threads, signals and vfork, including the situations of the
 * Linux Test Project's execve/execveat tests and the kernel's
 * tools/testing/selftests/exec/execveat.c (our own probes, not their code).
 */
import { commFromDentry, hasExecveCheck } from '../../sim-core/src/personalities/linux/version.js';
import type { ActionCall, ExpectationBody, FsNodeSpec, MountSpec, Scenario, TaskSpec } from '../../sim-core/src/index.js';
import { data, elf, scenario, script } from '../support/scenario-builder.js';
import type { FidelityScenario } from './run.js';

type Step = (ActionCall & { task: string; thread?: string }) | ({ expect: true } & ExpectationBody);

/** A data file with contents. */
const textFile = (path: string, text: string, extra: Partial<Extract<FsNodeSpec, { kind: 'file' }>> = {}): FsNodeSpec => ({
  kind: 'file',
  path,
  content: { type: 'data', text },
  ...extra,
});

const NULL_DEV: FsNodeSpec = { kind: 'device', path: '/dev/null', device: 'char' };
const STDIO = [
  { fd: 0, target: { path: '/dev/null' }, access: 'ro' as const },
  { fd: 1, target: { path: '/dev/null' }, access: 'wo' as const },
  { fd: 2, target: { path: '/dev/null' }, access: 'wo' as const },
];

/** The files most scenarios use: a program, an interpreter, a data file, /dev/null. */
function world(extra: FsNodeSpec[] = []): FsNodeSpec[] {
  return [elf('/bin/prog'), elf('/bin/interp'), textFile('/etc/motd', 'hello\n'), NULL_DEV, ...extra];
}

function shell(over: Partial<TaskSpec> = {}): TaskSpec {
  return { name: 'shell', pid: 100, fds: STDIO, ...over };
}

function make(nodes: FsNodeSpec[], task: TaskSpec, steps: Step[], mounts: MountSpec[] = []): Scenario {
  return scenario({ nodes, tasks: [task], steps, mounts });
}

const run = (path = '/bin/prog', argv: string[] = ['prog'], extra: Partial<Extract<ActionCall, { call: 'execve' }>> = {}): Step => ({
  task: 'shell',
  call: 'execve',
  path,
  argv,
  ...extra,
});

const at = (dirfd: number | 'AT_FDCWD', path: string, flags: Extract<ActionCall, { call: 'execveat' }>['flags'] = [], argv = ['prog']): Step => ({
  task: 'shell',
  call: 'execveat',
  dirfd,
  path,
  argv,
  flags,
});

const commRule = (v: string) =>
  commFromDentry(v) ? `Linux ${v} ≥ 6.14: comm comes from the file's dentry` : `Linux ${v} < 6.14: comm is the basename of /dev/fd/N`;

const big = (n: number, ch = 'a') => ch.repeat(n);

export const FIDELITY_SCENARIOS: readonly FidelityScenario[] = [
  // ---------------------------------------------------------------- close-on-exec
  {
    name: 'close-on-exec fds are closed and the others kept, at many fd numbers',
    scenario: make(
      world(),
      shell({
        fds: [
          ...STDIO,
          { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
          { fd: 4, target: { path: '/etc/motd' } },
          { fd: 7, target: { path: '/etc/motd' }, cloexec: true },
          { fd: 10, target: { path: '/etc' } },
          { fd: 63, target: { path: '/etc/motd' }, cloexec: true },
          { fd: 64, target: { path: '/etc/motd' }, access: 'rw' },
          { fd: 100, target: { path: '/dev/null' }, cloexec: true },
          { fd: 1023, target: { path: '/dev/null' }, access: 'wo' },
        ],
      }),
      [run()],
    ),
  },
  {
    name: 'dup2 to another number gives a slot without close-on-exec',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }), [
      { task: 'shell', call: 'dup2', oldfd: 3, newfd: 5 },
      run(),
    ]),
  },
  {
    name: 'dup2(fd, fd) changes nothing: the close-on-exec bit stays',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }), [
      { task: 'shell', call: 'dup2', oldfd: 3, newfd: 3 },
      run(),
    ]),
  },
  {
    name: 'dup clears close-on-exec, dup3(O_CLOEXEC) and F_DUPFD_CLOEXEC set it',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }), [
      { task: 'shell', call: 'dup', fd: 3 },
      { task: 'shell', call: 'dup3', oldfd: 3, newfd: 8, flags: ['O_CLOEXEC'] },
      { task: 'shell', call: 'fcntl', fd: 3, cmd: 'F_DUPFD_CLOEXEC', arg: 20 },
      { task: 'shell', call: 'fcntl', fd: 3, cmd: 'F_DUPFD', arg: 30 },
      { task: 'shell', call: 'fcntl', fd: 20, cmd: 'F_GETFD' },
      run(),
    ]),
  },
  {
    name: 'F_SETFD sets the bit on one slot, not on the shared description',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' } }, { fd: 4, dupOf: 3 }] }), [
      { task: 'shell', call: 'fcntl', fd: 3, cmd: 'F_SETFD', arg: 1 },
      run(),
    ]),
  },
  {
    name: 'open with O_CLOEXEC takes the lowest free fd and marks it',
    scenario: make(world(), shell(), [
      { task: 'shell', call: 'open', path: '/etc/motd', flags: ['O_RDONLY', 'O_CLOEXEC'] },
      { task: 'shell', call: 'open', path: '/etc/motd', flags: ['O_RDWR'] },
      { task: 'shell', call: 'close', fd: 0 },
      { task: 'shell', call: 'open', path: '/dev/null', flags: ['O_WRONLY'] },
      run(),
    ]),
  },
  {
    name: 'pipe2(O_CLOEXEC) ends are closed by exec, plain pipe ends kept',
    scenario: make(world(), shell(), [
      { task: 'shell', call: 'pipe', name: 'p', flags: ['O_CLOEXEC'] },
      { task: 'shell', call: 'pipe', name: 'q', flags: [] },
      run(),
    ]),
  },
  {
    name: 'an exec that fails returns with every fd, handler and id unchanged',
    scenario: make(
      world(),
      shell({
        fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' }, cloexec: true }],
        signals: { dispositions: { SIGUSR1: 'handler', SIGUSR2: 'ignore' }, blocked: ['SIGTERM'] },
      }),
      [run('/bin/missing')],
    ),
  },
  {
    name: 'fork then exec: the child execs with a copy of the table, the parent keeps its own',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' } }, { fd: 4, target: { path: '/etc/motd' }, cloexec: true }] }), [
      { task: 'shell', call: 'fork', child: 'kid' },
      { task: 'kid', call: 'close', fd: 3 },
      { task: 'kid', call: 'execve', path: '/bin/prog', argv: ['prog', 'kid'] },
    ]),
  },

  // ---------------------------------------------------------------- execveat and fexecve
  {
    name: 'several children fork and exec the same program one after the other (LTP execve05)',
    scenario: make(world(), shell(), [
      { task: 'shell', call: 'fork', child: 'kid1' },
      { task: 'kid1', call: 'execve', path: '/bin/prog', argv: ['prog', 'canary'] },
      { task: 'shell', call: 'fork', child: 'kid2' },
      { task: 'kid2', call: 'execve', path: '/bin/prog', argv: ['prog', 'canary'] },
      { task: 'shell', call: 'fork', child: 'kid3' },
      { task: 'kid3', call: 'execve', path: '/bin/prog', argv: ['prog', 'canary'] },
    ]),
  },

  {
    name: 'fexecve of a binary through a close-on-exec fd runs it; comm depends on the kernel version',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin/prog' }, cloexec: true }] }), [
      { task: 'shell', call: 'fexecve', fd: 3, argv: ['prog', 'via-fd'] },
    ]),
    versionRule: commRule,
  },
  {
    name: 'execveat(fd, "", AT_EMPTY_PATH) of a script through a close-on-exec fd is ENOENT',
    scenario: make(
      world([script('/bin/s', '#!/bin/interp\n')]),
      shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin/s' }, cloexec: true }] }),
      [at(3, '', ['AT_EMPTY_PATH'], ['s'])],
    ),
  },
  {
    name: 'execveat(fd, "", AT_EMPTY_PATH) of a script through a plain fd: the interpreter is given /dev/fd/N',
    scenario: make(world([script('/bin/s', '#!/bin/interp -x\n')]), shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin/s' } }] }), [
      at(3, '', ['AT_EMPTY_PATH', 'AT_SYMLINK_NOFOLLOW'], ['s', 'arg1']),
    ]),
    versionRule: commRule,
  },
  {
    name: 'execveat with a directory fd and a relative name: bprm->filename is /dev/fd/N/name',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin' } }] }), [at(3, 'prog')]),
  },
  {
    name: 'execveat with a close-on-exec directory fd and a relative script name is ENOENT; a binary runs',
    scenario: make(world([script('/bin/s', '#!/bin/interp\n')]), shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin' }, cloexec: true }] }), [
      at(3, 's'),
      at(3, '../bin/prog'),
    ]),
  },
  {
    name: 'execveat through an O_PATH fd, and an absolute name with a nonsense dirfd',
    scenario: make(world(), shell(), [
      { task: 'shell', call: 'open', path: '/bin/prog', flags: ['O_PATH'] },
      at(99, '/bin/missing'),
      at(3, '', ['AT_EMPTY_PATH']),
    ]),
  },
  {
    name: 'execveat with AT_FDCWD and a relative name uses the cwd (LTP execveat01)',
    scenario: make(world(), shell({ cwd: '/bin' }), [at('AT_FDCWD', 'prog')]),
  },
  {
    name: 'a path of almost PATH_MAX bytes runs through an fd and relative to a root dirfd (selftests/exec/execveat.c)',
    scenario: make(
      world([elf(`/${Array.from({ length: 14 }, () => big(255, 'x')).join('/')}/${big(200, 'y')}`)]),
      shell({ fds: [...STDIO, { fd: 3, target: { path: '/' } }, { fd: 4, target: { path: `/${Array.from({ length: 14 }, () => big(255, 'x')).join('/')}/${big(200, 'y')}` } }] }),
      [
        { task: 'shell', call: 'fork', child: 'kid' },
        { task: 'kid', call: 'fexecve', fd: 4, argv: ['long'] },
        at(3, `${Array.from({ length: 14 }, () => big(255, 'x')).join('/')}/${big(200, 'y')}`),
      ],
    ),
  },
  {
    name: 'execveat errors: unknown flag, closed fd, non-directory dirfd, empty name, directory',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin/prog' } }, { fd: 4, target: { path: '/bin' } }] }), [
      at(4, 'prog', ['AT_EXE_FILE']),
      at(99, '', ['AT_EMPTY_PATH']),
      at(99, 'prog'),
      at(3, 'prog'),
      at(3, ''),
      at(4, '', ['AT_EMPTY_PATH']),
    ]),
  },
  {
    name: 'AT_SYMLINK_NOFOLLOW refuses a final symlink with ELOOP; followed it runs (comm: the link\'s name); an fd opened through it runs even with the flag (comm: the target\'s)',
    scenario: make(
      world([{ kind: 'symlink', path: '/bin/link', target: 'prog' }]),
      shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin' } }, { fd: 4, target: { path: '/bin/link' } }] }),
      [
        at(3, 'link', ['AT_SYMLINK_NOFOLLOW']),
        at('AT_FDCWD', '/bin/link', ['AT_SYMLINK_NOFOLLOW']),
        { task: 'shell', call: 'fork', child: 'kid' },
        { task: 'kid', call: 'execveat', dirfd: 3, path: 'link', argv: ['prog'], flags: [] },
        at(4, '', ['AT_EMPTY_PATH', 'AT_SYMLINK_NOFOLLOW']),
      ],
    ),
    versionRule: commRule,
  },
  {
    name: 'execveat with AT_EXECVE_CHECK checks and returns 0 without running anything (Linux ≥ 6.14)',
    scenario: make(world(), shell(), [at('AT_FDCWD', '/bin/prog', ['AT_EXECVE_CHECK']), at('AT_FDCWD', '/etc/motd', ['AT_EXECVE_CHECK'])]),
    versionRule: (v) => (hasExecveCheck(v) ? `Linux ${v} ≥ 6.14 knows AT_EXECVE_CHECK` : `Linux ${v} < 6.14 rejects AT_EXECVE_CHECK with EINVAL`),
  },

  // ---------------------------------------------------------------- #! scripts
  {
    name: '#! with one argument: argv is interpreter, argument, script path, argv[1..]',
    scenario: make(world([script('/bin/s', '#!/bin/interp -e\necho\n')]), shell(), [run('/bin/s', ['s', 'one', 'two'])]),
  },
  {
    name: '#! argument is one string: inner blanks kept, trailing blanks and tabs trimmed',
    scenario: make(world([script('/bin/s', '#! \t/bin/interp \t -a  -b \t \nrest\n')]), shell(), [run('/bin/s', ['s'])]),
  },
  {
    name: '#! line longer than 256 bytes: the argument is cut at the buffer, the script still runs',
    scenario: make(world([script('/bin/s', `#!interp ${big(400, 'x')}\n`)]), shell({ cwd: '/bin' }), [run('/bin/s', ['s'])]),
  },
  {
    // A relative interpreter keeps the line byte for byte where the suite moves the world.
    name: '#! whose argument would start at the buffer\'s last byte: the blank before it is trimmed, no argument',
    scenario: make(world([script('/bin/s', `#!interp${' '.repeat(247)}${big(40, 'q')}\n`)]), shell({ cwd: '/bin' }), [run('/bin/s', ['s'])]),
  },
  {
    name: '#! interpreter name cut by the 256-byte buffer is ENOEXEC',
    scenario: make(world([script('/bin/s', `#!/bin/${big(300, 'y')}\n`)]), shell(), [run('/bin/s', ['s'])]),
  },
  {
    name: '#! followed by blanks only is ENOEXEC, with or without a newline',
    scenario: make(world([script('/bin/s1', '#!   \t\n'), script('/bin/s2', `#!${' '.repeat(300)}`)]), shell(), [run('/bin/s1', ['s1']), run('/bin/s2', ['s2'])]),
  },
  {
    name: '#! with a missing interpreter is ENOENT; a script without a newline runs',
    scenario: make(world([script('/bin/s1', '#!/bin/nothing\n'), script('/bin/s2', '#!/bin/interp')]), shell(), [run('/bin/s1', ['s1']), run('/bin/s2', ['s2'])]),
  },
  {
    name: '#! relative interpreter is looked up from the caller\'s cwd',
    scenario: make(world([script('/scripts/s', '#!interp arg\n')]), shell({ cwd: '/bin' }), [run('/scripts/s', ['s'])]),
  },
  {
    name: 'nested #! scripts: 5 levels run',
    scenario: make(
      world([
        script('/s/1', '#!/s/2\n'),
        script('/s/2', '#!/s/3\n'),
        script('/s/3', '#!/s/4\n'),
        script('/s/4', '#!/s/5\n'),
        script('/s/5', '#!/bin/interp\n'),
      ]),
      shell(),
      [run('/s/1', ['one'])],
    ),
  },
  {
    name: 'nested #! scripts: a 6th level is ELOOP',
    scenario: make(
      world([
        script('/s/1', '#!/s/2\n'),
        script('/s/2', '#!/s/3\n'),
        script('/s/3', '#!/s/4\n'),
        script('/s/4', '#!/s/5\n'),
        script('/s/5', '#!/s/6\n'),
        script('/s/6', '#!/bin/interp\n'),
      ]),
      shell(),
      [run('/s/1', ['one'])],
    ),
  },
  {
    name: 'a script or an interpreter without x permission is EACCES',
    scenario: make(
      world([script('/bin/s1', '#!/bin/interp\n', { mode: 0o644 }), script('/bin/s2', '#!/bin/noexec\n'), elf('/bin/noexec', { mode: 0o644 })]),
      shell({ creds: { uid: 1000, gid: 1000 } }),
      [run('/bin/s1', ['s1']), run('/bin/s2', ['s2'])],
    ),
  },
  {
    name: 'the set-uid bit of a script is ignored: ids come from the interpreter',
    scenario: make(world([script('/bin/s', '#!/bin/interp\n', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } })]), shell({ creds: { uid: 1000, gid: 1000 } }), [
      run('/bin/s', ['s']),
    ]),
  },

  // ---------------------------------------------------------------- ELF
  {
    name: 'a binary whose PT_INTERP loader does not exist is ENOENT, before the point of no return',
    scenario: make(world([elf('/bin/dyn', { interp: '/lib/ld-missing.so' })]), shell({ fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }), [
      run('/bin/dyn', ['dyn']),
    ]),
  },
  {
    name: 'a binary whose PT_INTERP loader exists runs through it',
    scenario: make(world([elf('/lib/ld.so'), elf('/bin/dyn', { interp: '/lib/ld.so' })]), shell(), [run('/bin/dyn', ['dyn', 'x'])]),
  },
  {
    name: 'a binary for another machine, a broken header and an empty file are ENOEXEC',
    scenario: make(
      world([
        elf('/bin/arm', { machine: 'aarch64' }),
        { kind: 'file', path: '/bin/broken', content: { type: 'elf', machine: 'x86_64', corrupt: true } },
        data('/bin/empty', { mode: 0o755 }),
        textFile('/bin/text', 'echo hello\n', { mode: 0o755 }),
      ]),
      shell(),
      [run('/bin/arm', ['arm']), run('/bin/broken', ['broken']), run('/bin/empty', ['empty']), run('/bin/text', ['text'])],
    ),
  },

  // ---------------------------------------------------------------- permissions and names
  {
    name: 'root needs one x bit: mode 0644 is EACCES, mode 0001 of another owner runs',
    scenario: make(world([elf('/bin/rw', { mode: 0o644 }), elf('/bin/xo', { mode: 0o001, owner: { uid: 1000, gid: 1000 } })]), shell(), [
      run('/bin/rw', ['rw']),
      run('/bin/xo', ['xo']),
    ]),
  },
  {
    name: 'a root-owned 0700 binary run by nobody is EACCES (LTP execve02)',
    scenario: make(world([elf('/bin/private', { mode: 0o700 })]), shell({ creds: { uid: 65534, gid: 65534 } }), [run('/bin/private', ['private'])]),
  },
  {
    name: 'the owner class decides: an owner without u+x is refused even if others may execute',
    scenario: make(world([elf('/bin/mine', { mode: 0o605, owner: { uid: 1000, gid: 1000 } }), elf('/bin/grp', { mode: 0o750, owner: { uid: 0, gid: 1000 } })]), shell({ creds: { uid: 1000, gid: 1000 } }), [
      run('/bin/mine', ['mine']),
      run('/bin/grp', ['grp']),
    ]),
  },
  {
    name: 'directories, fifos and devices are EACCES; a directory without search permission is EACCES',
    scenario: make(
      world([{ kind: 'fifo', path: '/tmp/fifo', mode: 0o755 }, { kind: 'dir', path: '/secret', mode: 0o700 }, elf('/secret/prog')]),
      shell({ creds: { uid: 1000, gid: 1000 } }),
      [run('/bin', ['bin']), run('/tmp/fifo', ['fifo']), run('/dev/null', ['null']), run('/secret/prog', ['prog'])],
    ),
  },
  {
    name: 'name errors: ENOENT, ENOTDIR, ENAMETOOLONG for a component and for the whole path, ELOOP',
    scenario: make(
      world([
        { kind: 'symlink', path: '/loop/a', target: '/loop/b' },
        { kind: 'symlink', path: '/loop/b', target: '/loop/a' },
      ]),
      shell(),
      [
        run('/bin/nope'),
        run('/etc/motd/prog'),
        run(`/bin/${big(256, 'n')}`),
        run(`/${big(4100, 'p')}`),
        run('/loop/a'),
        run(''),
      ],
    ),
  },
  {
    name: 'a noexec mount refuses exec with EACCES',
    scenario: make(world([elf('/mnt/prog')]), shell(), [run('/mnt/prog', ['prog'])], [{ path: '/mnt', fstype: 'tmpfs', noexec: true }]),
  },
  {
    name: 'a file open for writing cannot be executed: ETXTBSY (own fd, or another writer)',
    scenario: make(world([elf('/bin/busy', { writers: 1 })]), shell({ fds: [...STDIO, { fd: 3, target: { path: '/bin/prog' }, access: 'wo', cloexec: true }] }), [
      run('/bin/prog', ['prog']),
      run('/bin/busy', ['busy']),
      { task: 'shell', call: 'close', fd: 3 },
      run('/bin/prog', ['prog']),
    ]),
  },

  // ---------------------------------------------------------------- arguments
  {
    name: 'argc 0: the kernel inserts argv[0] = ""',
    scenario: make(world(), shell(), [run('/bin/prog', [])]),
  },
  {
    name: 'one string longer than MAX_ARG_STRLEN (32 pages) is E2BIG; one of 131071 bytes passes',
    scenario: make(world(), shell(), [run('/bin/prog', ['prog', big(131072)]), run('/bin/prog', ['prog', big(131071)])]),
  },
  {
    name: 'arguments over a quarter of RLIMIT_STACK (8 MiB) are E2BIG',
    scenario: make(world(), shell(), [run('/bin/prog', ['prog', ...Array.from({ length: 17 }, () => big(125_000))])]),
  },
  {
    name: 'RLIMIT_STACK 64 KiB: a 65,536-byte argument does not fit the temporary stack: E2BIG',
    scenario: make(world(), shell({ rlimits: { stack: 65536 } }), [run('/bin/prog', ['prog', big(65536)])]),
    aslr: false,
  },
  {
    name: 'RLIMIT_STACK 64 KiB: a 65,200-byte argument passes every check and the process dies with SIGSEGV after the point of no return',
    scenario: make(world(), shell({ rlimits: { stack: 65536 } }), [run('/bin/prog', ['prog', big(65_200)])]),
    aslr: false,
  },
  {
    name: 'RLIMIT_STACK 64 KiB: a 60,000-byte argument runs',
    scenario: make(world(), shell({ rlimits: { stack: 65536 } }), [run('/bin/prog', ['prog', big(60_000)])]),
    aslr: false,
  },

  // ---------------------------------------------------------------- credentials
  {
    name: 'set-uid binary owned by 65534 run by root: euid, suid and fsuid become 65534, AT_SECURE 1',
    scenario: make(world([elf('/bin/suid', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } })]), shell(), [run('/bin/suid', ['suid'])]),
  },
  {
    name: 'set-uid root binary run by uid 1000: euid 0, AT_SECURE 1',
    scenario: make(world([elf('/bin/suid', { mode: 0o4755 })]), shell({ creds: { uid: 1000, gid: 1000 } }), [run('/bin/suid', ['suid'])]),
  },
  {
    name: 'set-gid needs group x: without it egid stays, with it egid and sgid become the file\'s group',
    scenario: make(
      world([elf('/bin/sgid-nox', { mode: 0o2745, owner: { uid: 0, gid: 50 } }), elf('/bin/sgid', { mode: 0o2755, owner: { uid: 0, gid: 50 } })]),
      shell({ creds: { uid: 1000, gid: 1000 } }),
      [{ task: 'shell', call: 'fork', child: 'kid' }, { task: 'kid', call: 'execve', path: '/bin/sgid-nox', argv: ['nox'] }, run('/bin/sgid', ['sgid'])],
    ),
  },
  {
    name: 'set-gid to one of the caller\'s own groups: egid changes, AT_SECURE 1 (egid ≠ gid)',
    scenario: make(world([elf('/bin/sgid', { mode: 0o2755, owner: { uid: 0, gid: 50 } })]), shell({ creds: { uid: 1000, gid: 1000, groups: [50, 1000] } }), [
      run('/bin/sgid', ['sgid']),
    ]),
  },
  {
    name: 'root calls setgid and setuid, then execs: every id is the new one',
    scenario: make(world(), shell(), [
      { task: 'shell', call: 'setgid', gid: 1000 },
      { task: 'shell', call: 'setuid', uid: 1000 },
      { task: 'shell', call: 'setuid', uid: 0 },
      run(),
    ]),
  },
  {
    name: 'a nosuid mount ignores the set-uid bit',
    scenario: make(world([elf('/mnt/suid', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } })]), shell(), [run('/mnt/suid', ['suid'])], [
      { path: '/mnt', fstype: 'tmpfs', nosuid: true },
    ]),
  },
  {
    name: 'no_new_privs ignores the set-uid bit: no id change, AT_SECURE 0',
    scenario: make(world([elf('/bin/suid', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } })]), shell({ creds: { uid: 1000, gid: 1000 } }), [
      { task: 'shell', call: 'prctl', option: 'PR_SET_NO_NEW_PRIVS' },
      run('/bin/suid', ['suid']),
    ]),
  },
  {
    name: 'a secure exec clamps an RLIMIT_STACK over 8 MiB to 8 MiB; a plain exec keeps it',
    scenario: make(world([elf('/bin/suid', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } })]), shell({ rlimits: { stack: 64 * 1024 * 1024 } }), [
      { task: 'shell', call: 'fork', child: 'kid' },
      { task: 'kid', call: 'execve', path: '/bin/prog', argv: ['prog'] },
      run('/bin/suid', ['suid']),
    ]),
  },
  {
    name: 'exec sets the saved ids to the effective ones',
    scenario: make(world(), shell({ creds: { uid: 1000, euid: 1000, suid: 0, fsuid: 1000, gid: 1000, egid: 1000, sgid: 0, fsgid: 1000 } }), [run()]),
  },
  {
    name: 'a plain exec with euid ≠ uid keeps the ids and is a secure exec',
    scenario: make(world(), shell({ creds: { uid: 1000, euid: 0, suid: 0, fsuid: 0, gid: 1000, egid: 1000, sgid: 1000, fsgid: 1000 } }), [run()]),
  },

  // ---------------------------------------------------------------- threads, signals, vfork
  {
    name: 'exec from a non-leader thread: the other threads die and the caller takes the leader\'s pid',
    scenario: make(world(), shell({ threads: [{ name: 'worker', blocked: ['SIGUSR2'] }, { name: 'idle' }], signals: { blocked: ['SIGUSR1'] } }), [
      { task: 'shell', thread: 'worker', call: 'execve', path: '/bin/prog', argv: ['prog'] },
    ]),
  },
  {
    name: 'exec from the leader of a multi-threaded process: one thread left',
    scenario: make(world(), shell({ threads: [{ name: 't1' }, { name: 't2', blocked: ['SIGHUP'] }] }), [run()]),
  },
  {
    name: 'pthread_create, then exec from the new thread: it inherited the creator\'s mask and keeps it',
    scenario: make(world(), shell({ signals: { blocked: ['SIGUSR1'] } }), [
      { task: 'shell', call: 'pthread_create', newThread: 't1' },
      { task: 'shell', call: 'pthread_create', newThread: 't2' },
      { task: 'shell', thread: 't1', call: 'sigprocmask', how: 'SIG_BLOCK', signals: ['SIGHUP'] },
      { task: 'shell', thread: 't1', call: 'execve', path: '/bin/prog', argv: ['prog'] },
    ]),
  },
  {
    name: 'signals across exec: handlers reset to SIG_DFL, SIG_IGN kept, mask and pending kept',
    scenario: make(
      world(),
      shell({
        signals: {
          dispositions: { SIGUSR1: 'handler', SIGUSR2: 'ignore', SIGTERM: 'handler', SIGPIPE: 'ignore', SIGHUP: 'default' },
          blocked: ['SIGUSR1', 'SIGUSR2', 'SIGINT'],
          pending: ['SIGUSR1', 'SIGINT'],
        },
      }),
      [{ task: 'shell', call: 'sigaction', signal: 'SIGALRM', disposition: 'handler' }, { task: 'shell', call: 'kill', target: 'shell', signal: 'SIGUSR2' }, run()],
    ),
  },
  {
    name: 'cwd, umask and the other rlimits are kept by exec',
    scenario: make(world(), shell({ cwd: '/etc', umask: 0o077 }), [{ task: 'shell', call: 'umask', mask: 0o027 }, run('/bin/prog', ['prog'])]),
  },
  {
    name: 'vfork: the child execs, its own fd table is its own, its stores are the parent\'s',
    scenario: make(world(), shell({ fds: [...STDIO, { fd: 3, target: { path: '/etc/motd' } }] }), [
      { task: 'shell', call: 'vfork', child: 'kid' },
      { task: 'kid', call: 'store', variable: 'flag', value: 'set-by-child' },
      { task: 'kid', call: 'close', fd: 3 },
      { task: 'kid', call: 'execve', path: '/bin/prog', argv: ['prog', 'child'] },
    ]),
  },
  {
    name: 'vfork: a failing exec in the child does not release the parent; the child\'s exit does',
    scenario: make(world(), shell(), [
      { task: 'shell', call: 'vfork', child: 'kid' },
      { task: 'kid', call: 'execve', path: '/bin/missing', argv: ['missing'] },
      { task: 'kid', call: 'store', variable: 'errno', value: 'ENOENT' },
      { task: 'kid', call: 'exit', status: 127 },
      { task: 'shell', call: 'store', variable: 'parent', value: 'resumed' },
    ]),
  },
];
