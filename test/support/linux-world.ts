/**
 * A small Linux world shared by the query, incident and debugger tests: a
 * shell (uid 1000) with the terminal on fd 0, /etc/motd on fd 3
 * (close-on-exec) and /etc/shadow on fd 4 (not close-on-exec), a second
 * thread, and a setuid /bin/su.
 */
import type { FsNodeSpec, TaskSpec } from '../../sim-core/src/index.js';
import { basicNodes, data, elf } from './scenario-builder.js';

export function suNodes(): FsNodeSpec[] {
  return [...basicNodes(), elf('/bin/su', { mode: 0o4755 }), data('/etc/shadow', { mode: 0o600 })];
}

export function shellTask(extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    name: 'shell',
    pid: 100,
    exe: '/bin/sh',
    creds: { uid: 1000, gid: 1000, groups: [1000, 24] },
    umask: 0o022,
    cwd: '/tmp',
    fds: [
      { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
      { fd: 3, target: { path: '/etc/motd' }, access: 'ro', cloexec: true },
      { fd: 4, target: { path: '/etc/shadow' }, access: 'ro' },
    ],
    threads: [{ name: 'worker' }],
    signals: { blocked: ['SIGUSR1'], dispositions: { SIGINT: 'ignore', SIGTERM: 'handler' } },
    ...extra,
  };
}
