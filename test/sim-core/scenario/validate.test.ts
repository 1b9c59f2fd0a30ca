import * as assert from 'node:assert/strict';
import { Engine, personalityFor, validateScenario, type Personality, type Problem, type Scenario, type SystemId } from '../../../sim-core/src/index.js';
import { basicNodes, data, elf, expect, loc, scenario, script, type ScenarioParts } from '../../support/scenario-builder.js';

const shellTask = { name: 'shell', pid: 100 };

function world(parts: ScenarioParts = {}): Scenario {
  return scenario({ nodes: basicNodes(), tasks: [shellTask], ...parts });
}

function problems(sc: unknown): Problem[] {
  return validateScenario(sc as Scenario, personalityFor);
}

/** Problems without their source locations, for the cases where the location is not the point. */
function bare(sc: unknown): Array<Omit<Problem, 'loc'>> {
  return problems(sc).map(({ loc: _loc, ...p }) => p);
}

describe('scenario validation', () => {
  it('accepts a valid scenario', () => {
    assert.deepEqual(problems(world({ steps: [{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }] })), []);
  });

  describe('the scenario itself', () => {
    it('wrong-type: not an object at all', () => {
      assert.deepEqual(problems(42), [{ code: 'wrong-type', at: 'scenario', message: 'the scenario must be an object, not the number 42' }]);
      assert.deepEqual(problems(null), [{ code: 'wrong-type', at: 'scenario', message: 'the scenario must be an object, not null' }]);
      assert.deepEqual(problems([]), [{ code: 'wrong-type', at: 'scenario', message: 'the scenario must be an object, not an array' }]);
    });

    it('missing-field and wrong-type: the system', () => {
      assert.deepEqual(problems({}), [{ code: 'missing-field', at: 'system', message: 'system is missing', hint: 'systems: linux, hurd, cloudabi, l4hurd' }]);
      assert.deepEqual(problems({ system: 7 }), [{ code: 'wrong-type', at: 'system', message: 'system must be a string, not the number 7', hint: 'systems: linux, hurd, cloudabi, l4hurd' }]);
    });

    it('unknown-system', () => {
      assert.deepEqual(problems({ ...world(), system: 'linx' }), [{ code: 'unknown-system', at: 'system', message: 'unknown system "linx"', hint: 'did you mean "linux"?' }]);
      assert.deepEqual(problems({ ...world(), system: 'plan9' }), [{ code: 'unknown-system', at: 'system', message: 'unknown system "plan9"', hint: 'systems: linux, hurd, cloudabi, l4hurd' }]);
    });

    it('missing-field and wrong-type: the parts of the scenario', () => {
      assert.deepEqual(problems({ system: 'linux' }), [
        { code: 'wrong-type', at: 'machine', message: 'machine must be an object, not nothing' },
        { code: 'missing-field', at: 'filesystem', message: 'filesystem is missing' },
        { code: 'missing-field', at: 'tasks', message: 'tasks is missing', hint: 'an empty list [] will do' },
        { code: 'missing-field', at: 'actions', message: 'actions is missing', hint: 'an empty list [] will do' },
        { code: 'missing-field', at: 'expectations', message: 'expectations is missing', hint: 'an empty list [] will do' },
      ]);
      assert.deepEqual(problems({ ...world(), filesystem: { mounts: {}, nodes: 'x' }, tasks: 3 }), [
        { code: 'wrong-type', at: 'filesystem.mounts', message: 'filesystem.mounts must be a list, not an object' },
        { code: 'wrong-type', at: 'filesystem.nodes', message: 'filesystem.nodes must be a list, not the string "x"' },
        { code: 'wrong-type', at: 'tasks', message: 'tasks must be a list, not the number 3' },
      ]);
    });
  });

  describe('shapes of fields', () => {
    it('wrong-type: a field of the wrong type, named by its path', () => {
      const sc = world({ tasks: [{ ...shellTask, pid: '100' as unknown as number, fds: [{ fd: 0, target: { path: 5 as unknown as string } }] }] });
      assert.deepEqual(bare(sc), [
        { code: 'wrong-type', at: 'tasks[0].pid', message: 'tasks[0].pid must be an integer, not the string "100"' },
        { code: 'wrong-type', at: 'tasks[0].fds[0].target.path', message: 'tasks[0].fds[0].target.path must be a string, not the number 5' },
      ]);
    });

    it('missing-field: a required field of an action', () => {
      const sc = world({ steps: [{ task: 'shell', call: 'execve', path: '/bin/true' } as never] });
      assert.deepEqual(problems(sc), [{ code: 'missing-field', at: 'actions[0].argv', message: 'actions[0].argv is missing' }]);
    });

    it('bad-value: a value outside an enumeration, with the closest one as a hint', () => {
      const sc = world({ steps: [{ task: 'shell', call: 'sigaction', signal: 'SIGTREM' as never, disposition: 'ignore' }] });
      assert.deepEqual(problems(sc), [
        {
          code: 'bad-value',
          at: 'actions[0].signal',
          message: `actions[0].signal is "SIGTREM", not a signal: SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR, SIGSYS`,
          hint: 'did you mean "SIGTERM"?',
        },
      ]);
    });

    it('a wrongly shaped part is reported once and not read by any other check', () => {
      // The fd's target is malformed; the task is still known by name, so the close is not an unknown task.
      const sc = world({
        tasks: [{ name: 'shell', pid: 100, fds: [{ fd: 3, target: {} as never }] }],
        steps: [{ task: 'shell', call: 'close', fd: 3 }],
      });
      assert.deepEqual(bare(sc), [{ code: 'missing-field', at: 'tasks[0].fds[0].target', message: 'tasks[0].fds[0].target names no path, socket, pipe or kqueue' }]);
    });

    it('ids must be 32-bit', () => {
      const sc = world({ tasks: [{ ...shellTask, creds: { uid: 4294967295 } }] });
      assert.deepEqual(bare(sc), [{ code: 'bad-value', at: 'tasks[0].creds.uid', message: 'tasks[0].creds.uid is 4294967295, beyond the largest id 4294967294' }]);
    });

    it('a source location, when given, must be four integers', () => {
      const sc = world({ tasks: [{ ...shellTask, loc: { line: 1, column: 'a' } as never }] });
      assert.deepEqual(bare(sc), [
        { code: 'wrong-type', at: 'tasks[0].loc.column', message: 'tasks[0].loc.column must be an integer, not the string "a"' },
        { code: 'missing-field', at: 'tasks[0].loc.endLine', message: 'tasks[0].loc.endLine is missing' },
        { code: 'missing-field', at: 'tasks[0].loc.endColumn', message: 'tasks[0].loc.endColumn is missing' },
      ]);
    });
  });

  describe('tasks', () => {
    it('duplicate-task, duplicate-pid and a pid out of range', () => {
      const sc = world({ tasks: [{ name: 'a', pid: 100, loc: loc(1) }, { name: 'a', pid: 100, loc: loc(2) }, { name: 'b', pid: 0, loc: loc(3) }] });
      assert.deepEqual(problems(sc), [
        { code: 'duplicate-task', at: 'tasks[1].name', message: 'task "a" is defined twice', hint: 'the first is tasks[0]', loc: loc(2) },
        { code: 'duplicate-pid', at: 'tasks[1].pid', message: 'pid 100 is used by both "a" and "a"', loc: loc(2) },
        {
          code: 'bad-value',
          at: 'tasks[2].pid',
          message: 'pid 0 is out of range',
          hint: 'pids are 1 to 4194304 (PID_MAX_LIMIT); only a kernel thread (the boot thread) has pid 0',
          loc: loc(3),
        },
      ]);
    });

    it('pid 0 is allowed for a kernel thread', () => {
      assert.deepEqual(problems(world({ tasks: [{ name: 'swapper', pid: 0, kind: 'kernel-thread' }] })), []);
    });

    it('duplicate-thread and a tid that is already a pid', () => {
      const sc = world({ tasks: [{ ...shellTask, threads: [{ name: 'main' }, { name: 'w', tid: 100 }, { name: 'w' }] }] });
      assert.deepEqual(bare(sc), [
        { code: 'duplicate-thread', at: 'tasks[0].threads[0].name', message: 'thread "main" is defined twice in shell', hint: '"main" is the thread the process starts with' },
        { code: 'duplicate-pid', at: 'tasks[0].threads[1].tid', message: 'tid 100 is already used by "shell"', hint: 'threads and processes share one id space' },
        { code: 'duplicate-thread', at: 'tasks[0].threads[2].name', message: 'thread "w" is defined twice in shell' },
      ]);
    });

    it('relative-path and not-a-directory for cwd, root and exe; a cwd that does not exist is allowed', () => {
      const sc = world({ tasks: [{ ...shellTask, cwd: 'home', root: '/etc/motd', exe: 'bin/sh' }, { name: 'b', pid: 2, cwd: '/removed' }] });
      assert.deepEqual(bare(sc), [
        { code: 'relative-path', at: 'tasks[0].cwd', message: 'cwd "home" is not an absolute path' },
        { code: 'not-a-directory', at: 'tasks[0].root', message: 'root /etc/motd is a file, not a directory' },
        { code: 'relative-path', at: 'tasks[0].exe', message: 'exe "bin/sh" is not an absolute path' },
      ]);
    });

    it('bad-mode: a umask beyond 777', () => {
      assert.deepEqual(bare(world({ tasks: [{ ...shellTask, umask: 0o1000 }] })), [{ code: 'bad-mode', at: 'tasks[0].umask', message: 'umask 1000 is not between 000 and 777 (octal)' }]);
    });

    it('bad-value: SIGKILL and SIGSTOP can be neither blocked nor caught', () => {
      const sc = world({ tasks: [{ ...shellTask, signals: { blocked: ['SIGKILL'], dispositions: { SIGSTOP: 'ignore' } }, threads: [{ name: 'w', blocked: ['SIGSTOP'] }] }] });
      assert.deepEqual(bare(sc), [
        { code: 'bad-value', at: 'tasks[0].threads[0].blocked', message: 'SIGSTOP cannot be blocked', hint: 'the kernel leaves SIGKILL and SIGSTOP out of every mask' },
        { code: 'bad-value', at: 'tasks[0].signals.blocked', message: 'SIGKILL cannot be blocked', hint: 'the kernel leaves SIGKILL and SIGSTOP out of every mask' },
        { code: 'bad-value', at: 'tasks[0].signals.dispositions.SIGSTOP', message: 'SIGSTOP cannot be caught or ignored', hint: 'only SIG_DFL is possible for SIGKILL and SIGSTOP' },
      ]);
    });
  });

  describe('fds', () => {
    it('fd-out-of-range, duplicate-fd, bad-dup, missing target, relative-path and missing-file', () => {
      const sc = world({
        tasks: [
          {
            ...shellTask,
            fds: [
              { fd: -1, target: { path: '/etc/motd' } },
              { fd: 1048576, target: { path: '/etc/motd' } },
              { fd: 3, target: { path: '/etc/motd' } },
              { fd: 3, target: { path: '/etc/motd' } },
              { fd: 4, dupOf: 9 },
              { fd: 5 },
              { fd: 6, target: { path: 'etc/motd' } },
              { fd: 7, target: { path: '/etc/passwd' }, loc: loc(7) },
              { fd: 8, dupOf: 3, target: { path: '/etc/motd' } },
            ],
          },
        ],
      });
      assert.deepEqual(problems(sc), [
        { code: 'fd-out-of-range', at: 'tasks[0].fds[0].fd', message: 'fd -1 is out of range', hint: 'fds are 0 to 1048575 (fs.nr_open)' },
        { code: 'fd-out-of-range', at: 'tasks[0].fds[1].fd', message: 'fd 1048576 is out of range', hint: 'fds are 0 to 1048575 (fs.nr_open)' },
        { code: 'duplicate-fd', at: 'tasks[0].fds[3].fd', message: 'fd 3 is defined twice in shell' },
        { code: 'bad-dup', at: 'tasks[0].fds[4].dupOf', message: 'fd 4 duplicates fd 9, which is not defined before it' },
        { code: 'missing-field', at: 'tasks[0].fds[5].target', message: 'fd 5 has no target', hint: 'give a path, socket, pipe or kqueue, or dupOf an earlier fd' },
        { code: 'relative-path', at: 'tasks[0].fds[6].target', message: 'fd 6 names "etc/motd", which is not absolute' },
        { code: 'missing-file', at: 'tasks[0].fds[7].target', message: 'fd 7 names /etc/passwd, which is not in the filesystem', hint: 'add it: file /etc/passwd data', loc: loc(7) },
        { code: 'bad-value', at: 'tasks[0].fds[8].target', message: 'fd 8 has both a target and dupOf', hint: 'a duplicate shares the target of the fd it duplicates' },
      ]);
    });
  });

  describe('filesystem', () => {
    it('relative-path, duplicate-path and bad-mode', () => {
      const sc = scenario({
        mounts: [{ path: 'mnt', fstype: 'ext4' }, { path: '/mnt', fstype: 'ext4' }, { path: '/mnt/', fstype: 'tmpfs' }],
        nodes: [data('etc/motd'), data('/etc/motd'), data('/etc//motd'), elf('/bin/x', { mode: 0o10000 }), { kind: 'symlink', path: '/l', target: '' }],
      });
      assert.deepEqual(bare(sc), [
        { code: 'relative-path', at: 'filesystem.mounts[0].path', message: 'mount point "mnt" is not absolute', hint: 'write it from the root, e.g. /mnt/usb' },
        { code: 'duplicate-path', at: 'filesystem.mounts[2].path', message: '/mnt is mounted twice', hint: 'the first mount is filesystem.mounts[1]' },
        { code: 'relative-path', at: 'filesystem.nodes[0].path', message: '"etc/motd" is not an absolute path', hint: 'files are named from the root: /etc/motd' },
        { code: 'duplicate-path', at: 'filesystem.nodes[2].path', message: '/etc/motd is defined twice', hint: 'the first definition is filesystem.nodes[1]' },
        { code: 'bad-mode', at: 'filesystem.nodes[3].mode', message: 'mode 4096 is not between 0000 and 7777 (octal)', hint: 'modes are octal permission bits such as 0755 or 4755' },
        { code: 'bad-value', at: 'filesystem.nodes[4].target', message: 'symlink /l has an empty target' },
      ]);
    });

    it('not-a-directory: a node inside a file or a symlink; bad-value: a file at /', () => {
      const sc = scenario({
        nodes: [data('/etc/motd'), data('/etc/motd/x'), { kind: 'symlink', path: '/lib', target: '/usr/lib' }, data('/lib/y'), data('/')],
      });
      assert.deepEqual(bare(sc), [
        { code: 'bad-value', at: 'filesystem.nodes[4].path', message: 'the root directory / cannot be a file' },
        { code: 'not-a-directory', at: 'filesystem.nodes[1].path', message: '/etc/motd/x is inside /etc/motd, which is a file, not a directory' },
        { code: 'not-a-directory', at: 'filesystem.nodes[3].path', message: '/lib/y is inside /lib, which is a symbolic link', hint: 'name it by the path of the directory the link points to' },
      ]);
    });

    it('a translator or bind mount may sit on a file', () => {
      assert.deepEqual(problems(scenario({ mounts: [{ path: '/dev/null', fstype: 'null' }], nodes: [{ kind: 'device', path: '/dev/null', device: 'char' }] })), []);
    });

    it('interpreter-loop: scripts that are each other’s interpreter, through a symlink too', () => {
      const sc = scenario({
        nodes: [script('/a', '#!/b\n'), script('/b', '#!/c -x\n'), { kind: 'symlink', path: '/c', target: 'a' }],
      });
      assert.deepEqual(bare(sc), [
        {
          code: 'interpreter-loop',
          at: 'filesystem.nodes[0].content',
          message: 'interpreter loop: /a → /b → /a',
          hint: 'one file in the chain must be a binary (elf); a real kernel would give ELOOP after 5 levels',
        },
        {
          code: 'interpreter-loop',
          at: 'filesystem.nodes[1].content',
          message: 'interpreter loop: /b → /a → /b',
          hint: 'one file in the chain must be a binary (elf); a real kernel would give ELOOP after 5 levels',
        },
      ]);
    });

    it('a script chain that ends in a binary is fine', () => {
      assert.deepEqual(problems(scenario({ nodes: [script('/a', '#!/b\n'), script('/b', '#!/bin/true\n'), elf('/bin/true')] })), []);
    });
  });

  describe('machine', () => {
    it('bad-value: a kernel version that is not one; relative-path: a binfmt_misc interpreter', () => {
      const sc = world({ machine: { kernelVersion: 'latest', binfmtMisc: [{ name: 'py', match: { extension: 'py' }, interpreter: 'python', flags: [] }] } });
      assert.deepEqual(bare(sc), [
        { code: 'bad-value', at: 'machine.kernelVersion', message: 'kernel version "latest" does not start with a version such as 6.12' },
        { code: 'relative-path', at: 'machine.binfmtMisc[0].interpreter', message: 'binfmt_misc interpreter "python" is not an absolute path', hint: 'binfmt_misc opens its interpreter by absolute path' },
      ]);
    });
  });

  describe('actions', () => {
    it('unknown-task, with the closest name as a hint', () => {
      assert.deepEqual(problems(world({ steps: [{ task: 'shel', call: 'close', fd: 0 }] })), [
        { code: 'unknown-task', at: 'actions[0].task', message: 'no task named "shel" exists at this point', hint: 'did you mean "shell"?', loc: loc(101) },
      ]);
    });

    it('unknown-task: a child is only known after the fork that makes it', () => {
      const sc = world({ steps: [{ task: 'kid', call: 'close', fd: 0 }, { task: 'shell', call: 'fork', child: 'kid' }, { task: 'kid', call: 'close', fd: 0 }] });
      assert.deepEqual(problems(sc), [{ code: 'unknown-task', at: 'actions[0].task', message: 'no task named "kid" exists at this point', hint: 'known: shell', loc: loc(101) }]);
    });

    it('unknown-thread, and a thread known only after pthread_create', () => {
      const sc = world({
        steps: [
          { task: 'shell', thread: 'worker', call: 'close', fd: 0 },
          { task: 'shell', call: 'pthread_create', newThread: 'worker' },
          { task: 'shell', thread: 'worker', call: 'close', fd: 0 },
          { task: 'shell', call: 'pthread_create', newThread: 'worker' },
        ],
      });
      assert.deepEqual(problems(sc), [
        { code: 'unknown-thread', at: 'actions[0].thread', message: 'task "shell" has no thread "worker"', hint: 'known: main', loc: loc(101) },
        { code: 'duplicate-thread', at: 'actions[3].newThread', message: 'shell already has a thread "worker"', loc: loc(104) },
      ]);
    });

    it('duplicate-task: a child named like an existing task', () => {
      assert.deepEqual(problems(world({ steps: [{ task: 'shell', call: 'fork', child: 'shell' }] })), [
        { code: 'duplicate-task', at: 'actions[0].child', message: 'a task named "shell" already exists', hint: 'give the child its own name', loc: loc(101) },
      ]);
    });

    it('unknown-task: kill names a task that does not exist', () => {
      assert.deepEqual(problems(world({ steps: [{ task: 'shell', call: 'kill', target: 'nobody', signal: 'SIGTERM' }] })), [
        { code: 'unknown-task', at: 'actions[0].target', message: 'no task named "nobody"', hint: 'known: shell', loc: loc(101) },
      ]);
    });

    it('fd-out-of-range in any fd argument', () => {
      const sc = world({ steps: [{ task: 'shell', call: 'dup2', oldfd: -3, newfd: 2000000 }, { task: 'shell', call: 'execveat', dirfd: -1, path: 'x', argv: [], flags: [] }] });
      assert.deepEqual(bare(sc), [
        { code: 'fd-out-of-range', at: 'actions[0].oldfd', message: 'fd -3 is out of range', hint: 'fds are 0 to 1048575' },
        { code: 'fd-out-of-range', at: 'actions[0].newfd', message: 'fd 2000000 is out of range', hint: 'fds are 0 to 1048575' },
        { code: 'fd-out-of-range', at: 'actions[1].dirfd', message: 'fd -1 is out of range', hint: 'fds are 0 to 1048575' },
      ]);
    });

    it('unknown-action: a call no system has', () => {
      const sc = world({ steps: [{ task: 'shell', call: 'execv' } as never] });
      assert.deepEqual(problems(sc), [{ code: 'unknown-action', at: 'actions[0].call', message: 'no simulated system has a call named "execv"', hint: 'did you mean "execve"?', loc: loc(101) }]);
    });

    it('unsupported-on-system: a call another system has', () => {
      const other: Personality = { system: 'l4hurd', title: 'other', phases: [], actions: { only_there: () => undefined } as unknown as Personality['actions'] };
      const lookup = (s: SystemId) => (s === 'l4hurd' ? other : personalityFor(s));
      const sc = world({ steps: [{ task: 'shell', call: 'only_there' } as never] });
      assert.deepEqual(validateScenario(sc, lookup), [
        { code: 'unsupported-on-system', at: 'actions[0].call', message: 'only_there is not available on linux', hint: 'only_there exists on l4hurd', loc: loc(101) },
      ]);
    });

    it('bad-value: an index that is not the position', () => {
      const sc = world({ steps: [{ task: 'shell', call: 'close', fd: 0 }] });
      const moved = { ...sc, actions: [{ ...sc.actions[0]!, index: 4 }] };
      assert.deepEqual(problems(moved), [{ code: 'bad-value', at: 'actions[0].index', message: 'action 0 has index 4', hint: 'index is the position in the list of actions', loc: loc(101) }]);
    });
  });

  describe('expectations', () => {
    it('bad-reference: an expectation after a missing action, or about an action not run yet', () => {
      const sc = world({ steps: [{ task: 'shell', call: 'close', fd: 0 }, expect({ what: 'result', action: 0, outcome: 'ok' })] });
      const bad = { ...sc, expectations: [{ ...sc.expectations[0]!, after: 5 }, { ...sc.expectations[0]!, index: 1, after: -1 }] };
      assert.deepEqual(problems(bad), [
        { code: 'bad-reference', at: 'expectations[0].after', message: 'expectation follows action 5, which does not exist', hint: '-1 checks the state before the first action; the last action is 0', loc: loc(102) },
        { code: 'bad-reference', at: 'expectations[1].action', message: 'expectation refers to action 0, which has not run by then', hint: 'an expectation can only check actions written before it', loc: loc(102) },
      ]);
    });

    it('unknown-task and unknown-thread in an expectation; a forked child is known', () => {
      const sc = world({
        steps: [
          { task: 'shell', call: 'fork', child: 'kid' },
          expect({ what: 'pid', task: 'kid', pid: 101 }),
          expect({ what: 'pid', task: 'kdi', pid: 101 }),
          expect({ what: 'tid', task: 'shell', thread: 'w', tid: 3 }),
        ],
      });
      assert.deepEqual(problems(sc), [
        { code: 'unknown-task', at: 'expectations[1].task', message: 'no task named "kdi"', hint: 'did you mean "kid"?', loc: loc(103) },
        { code: 'unknown-thread', at: 'expectations[2].thread', message: 'task "shell" has no thread "w"', hint: 'known: main', loc: loc(104) },
      ]);
    });

    it('bad-value: an unknown errno; bad-reference: an unknown phase; fd-out-of-range', () => {
      const sc = world({
        steps: [
          { task: 'shell', call: 'close', fd: 0 },
          expect({ what: 'result', action: 0, outcome: 'ENOENTT' as never }),
          expect({ what: 'failed-in', action: 0, phase: 'linux.open_exce' }),
          expect({ what: 'fd-closed', task: 'shell', fd: -2 }),
        ],
      });
      assert.deepEqual(problems(sc), [
        { code: 'bad-value', at: 'expectations[0].outcome', message: 'unknown errno ENOENTT', hint: 'did you mean "ENOENT"?', loc: loc(102) },
        { code: 'bad-reference', at: 'expectations[1].phase', message: 'linux has no phase "linux.open_exce"', hint: 'did you mean "linux.open_exec"?', loc: loc(103) },
        { code: 'fd-out-of-range', at: 'expectations[2].fd', message: 'fd -2 is out of range', hint: 'fds are 0 to 1048575', loc: loc(104) },
      ]);
    });

    it('unknown-expectation: a kind the system cannot check', () => {
      // A system with no expectations of its own (one that has them checks its kinds in its own validate).
      const plain: Personality = { ...personalityFor('linux')!, evaluateExpectation: undefined };
      const lookup = (s: SystemId) => (s === 'linux' ? plain : personalityFor(s));
      const sc = world({ steps: [{ expect: true, what: 'port-right', task: 'shell' } as never, { expect: true, what: 'fd-closd', task: 'shell', fd: 1 } as never] });
      assert.deepEqual(validateScenario(sc, lookup), [
        { code: 'unknown-expectation', at: 'expectations[0].what', message: 'linux has no expectation "port-right"', loc: loc(101) },
        { code: 'unknown-expectation', at: 'expectations[1].what', message: 'linux has no expectation "fd-closd"', hint: 'did you mean "fd-closed"?', loc: loc(102) },
      ]);
    });
  });

  describe('all at once', () => {
    it('an invalid scenario is rejected up front with every problem, each with its place', () => {
      const sc = scenario({
        nodes: [...basicNodes(), script('/loop', '#!/loop\n')],
        tasks: [
          { name: 'shell', pid: 100, cwd: 'home', fds: [{ fd: 3, target: { path: '/nope' } }] },
          { name: 'other', pid: 100 },
        ],
        steps: [
          { task: 'ghost', call: 'close', fd: 0 },
          { task: 'shell', call: 'dup', fd: 5_000_000 },
          { task: 'shell', call: 'proc_exec' } as never,
        ],
      });
      const created = Engine.create(sc);
      assert.equal(created.ok, false);
      assert.deepEqual(
        !created.ok && created.problems.map((p) => `${p.code} ${p.at}`),
        [
          'interpreter-loop filesystem.nodes[6].content',
          'relative-path tasks[0].cwd',
          'missing-file tasks[0].fds[0].target',
          'duplicate-pid tasks[1].pid',
          'unknown-task actions[0].task',
          'fd-out-of-range actions[1].fd',
          'unsupported-on-system actions[2].call',
        ],
      );
    });

    it('the Engine constructor throws InvalidScenarioError with the same problems', () => {
      const sc = world({ steps: [{ task: 'ghost', call: 'close', fd: 0 }] });
      assert.throws(() => new Engine(sc), { name: 'Error', message: 'invalid scenario: no task named "ghost" exists at this point' });
    });
  });
});

