/**
 * Scenarios the engine benchmarks share: a shell with many open fds, and a
 * long batch of statements of every common kind.
 */
import type { ActionCall, FdSpec, Scenario } from '../../sim-core/src/index.js';
import { basicNodes, data, scenario, script } from '../support/scenario-builder.js';
import type { OpenFlag, SignalName } from '../../sim-core/src/index.js';

/** A shell with `n` fds on /etc/motd, every odd one close-on-exec, that execs /bin/true. */
export function shellWithFds(n: number): Scenario {
  const fds: FdSpec[] = new Array(n);
  for (let fd = 0; fd < n; fd++) fds[fd] = { fd, target: { path: '/etc/motd' }, cloexec: fd % 2 === 1 };
  return scenario({
    nodes: basicNodes(),
    tasks: [{ name: 'shell', pid: 100, fds }],
    steps: [{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }],
  });
}

/**
 * `statements` statements by one shell, in a fixed cycle of ten: open, dup,
 * dup2, fcntl(F_SETFD), two closes, sigprocmask, execve of a static binary,
 * sigaction, close — an exec and nine file or signal calls.
 */
export function longBatch(statements: number): Scenario {
  const steps: Array<ActionCall & { task: string }> = [];
  for (let i = 0; i < statements; i++) {
    const by = { task: 'shell' };
    switch (i % 10) {
      case 0:
        steps.push({ ...by, call: 'open', path: '/etc/motd', flags: ['O_RDONLY'] });
        break;
      case 1:
        steps.push({ ...by, call: 'dup', fd: 3 });
        break;
      case 2:
        steps.push({ ...by, call: 'dup2', oldfd: 3, newfd: 10 });
        break;
      case 3:
        steps.push({ ...by, call: 'fcntl', fd: 10, cmd: 'F_SETFD', arg: 1 });
        break;
      case 4:
        steps.push({ ...by, call: 'close', fd: 4 });
        break;
      case 5:
        steps.push({ ...by, call: 'close', fd: 10 });
        break;
      case 6:
        steps.push({ ...by, call: 'sigprocmask', how: 'SIG_BLOCK', signals: ['SIGUSR1'] });
        break;
      case 7:
        steps.push({ ...by, call: 'execve', path: '/bin/true', argv: ['true'] });
        break;
      case 8:
        steps.push({ ...by, call: 'sigaction', signal: 'SIGUSR2', disposition: 'handler' });
        break;
      default:
        steps.push({ ...by, call: 'close', fd: 3 });
    }
  }
  return scenario({
    nodes: basicNodes(),
    tasks: [{ name: 'shell', pid: 100, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }] }],
    steps,
  });
}

/**
 * The same kinds of call as {@link longBatch} (an exec in every ten statements), but
 * with its arguments drawn from a fixed pseudo-random sequence: eight files in
 * three directories with different flags, fds 0–9, six signals with every
 * `how` and disposition, and execs of a static binary, a dynamic one and a
 * `#!` script with varying argv. Nothing repeats exactly, so the figures show
 * the engine when a program does not do the same thing again and again.
 */
export function variedBatch(statements: number): Scenario {
  let x = 2026;
  const pick = (n: number): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return (x >>> 8) % n;
  };
  const files = ['/etc/motd', '/etc/f1', '/etc/f2', '/tmp/a/f3', '/tmp/a/f4', '/tmp/a/b/f5', '/tmp/a/b/f6', '/tmp/a/b/../f4'];
  const flags: OpenFlag[][] = [['O_RDONLY'], ['O_RDONLY', 'O_CLOEXEC'], ['O_RDWR'], ['O_WRONLY', 'O_APPEND'], ['O_RDONLY', 'O_NONBLOCK']];
  const signals: SignalName[] = ['SIGUSR1', 'SIGUSR2', 'SIGHUP', 'SIGTERM', 'SIGINT', 'SIGPIPE'];
  const hows = ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'] as const;
  const dispositions = ['handler', 'ignore', 'default'] as const;
  const programs = ['/bin/true', '/bin/sh', '/tmp/s'];
  const steps: Array<ActionCall & { task: string }> = [];
  for (let i = 0; i < statements; i++) {
    const by = { task: 'shell' };
    switch (i % 10) {
      case 0:
        steps.push({ ...by, call: 'open', path: files[pick(files.length)]!, flags: flags[pick(flags.length)]! });
        break;
      case 1:
        steps.push({ ...by, call: 'dup', fd: pick(8) });
        break;
      case 2:
        steps.push({ ...by, call: 'dup2', oldfd: pick(8), newfd: pick(10) });
        break;
      case 3:
        steps.push({ ...by, call: 'fcntl', fd: pick(10), cmd: 'F_SETFD', arg: pick(2) });
        break;
      // Three closes for one open and one dup: the table stays around ten fds.
      case 4:
      case 5:
      case 9:
        steps.push({ ...by, call: 'close', fd: 1 + pick(9) });
        break;
      case 6:
        steps.push({ ...by, call: 'sigprocmask', how: hows[pick(3)]!, signals: [signals[pick(6)]!, signals[pick(6)]!] });
        break;
      case 7: {
        const path = programs[pick(3)]!;
        const argv = [path.slice(path.lastIndexOf('/') + 1)];
        for (let a = pick(3); a > 0; a--) argv.push(`arg${i}-${a}`);
        steps.push({ ...by, call: 'execve', path, argv });
        break;
      }
      default:
        steps.push({ ...by, call: 'sigaction', signal: signals[pick(6)]!, disposition: dispositions[pick(3)]! });
    }
  }
  return scenario({
    nodes: [
      ...basicNodes(),
      data('/etc/f1'),
      data('/etc/f2'),
      { kind: 'dir', path: '/tmp/a' },
      { kind: 'dir', path: '/tmp/a/b' },
      data('/tmp/a/f3'),
      data('/tmp/a/f4'),
      data('/tmp/a/b/f5'),
      data('/tmp/a/b/f6'),
      script('/tmp/s', '#!/bin/sh -e\n'),
    ],
    tasks: [{ name: 'shell', pid: 100, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }] }],
    steps,
  });
}

/** `statements` × fcntl(fd 0, F_GETFD): the personality only looks the slot up, so the engine's own cost shows. */
export function lookupsOnly(statements: number): Scenario {
  const steps: Array<ActionCall & { task: string }> = [];
  for (let i = 0; i < statements; i++) steps.push({ task: 'shell', call: 'fcntl', fd: 0, cmd: 'F_GETFD' });
  return scenario({
    nodes: basicNodes(),
    tasks: [{ name: 'shell', pid: 100, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }] }],
    steps,
  });
}

/**
 * A shell with three open fds that forks `n` children (kid0, kid1, …) one
 * after the other: each fork copies the fd table (three slots) and names a
 * new process, so the cost of one fork should not depend on how many came
 * before it.
 */
export function forks(n: number): Scenario {
  const steps: Array<ActionCall & { task: string }> = [];
  for (let i = 0; i < n; i++) steps.push({ task: 'shell', call: 'fork', child: `kid${i}` });
  return scenario({
    nodes: basicNodes(),
    tasks: [
      {
        name: 'shell',
        pid: 100,
        fds: [
          { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
          { fd: 1, target: { path: '/dev/tty' }, access: 'rw' },
          { fd: 2, target: { path: '/dev/tty' }, access: 'rw' },
        ],
      },
    ],
    steps,
  });
}

/** Forces a full collection when node runs with --expose-gc (npm run bench does). */
export function collect(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  return true;
}
