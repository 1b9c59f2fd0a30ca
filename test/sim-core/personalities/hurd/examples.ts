/**
 * The example scenarios of the Hurd issue, as Scenario objects: the golden
 * rpctrace tests run them (examples/hurd/*.execsim describe the same worlds).
 */
import type { Scenario } from '../../../../sim-core/src/index.js';
import { data, elf, script } from '../../../support/scenario-builder.js';
import { hurdScenario } from './support.js';

const tty = { kind: 'device' as const, path: '/dev/tty', device: 'char' as const };
const ld = elf('/lib/ld.so');

export const EXAMPLES: Record<string, () => Scenario> = {
  'same-task-cloexec': () =>
    hurdScenario({
      nodes: [ld, elf('/bin/prog', { interp: '/lib/ld.so' }), data('/etc/motd'), tty],
      tasks: [
        {
          name: 'shell',
          pid: 100,
          creds: { uid: 1000, gid: 1000 },
          fds: [
            { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
            { fd: 1, dupOf: 0 },
            { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
          ],
        },
      ],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'] }],
    }),
  'setuid-new-task': () =>
    hurdScenario({
      nodes: [ld, elf('/bin/su', { interp: '/lib/ld.so', mode: 0o4755, owner: { uid: 0, gid: 0 } }), tty],
      tasks: [{ name: 'shell', pid: 100, umask: 0o077, creds: { uid: 1000, gid: 1000 }, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }] }],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }],
    }),
  'setuid-id-held': () =>
    hurdScenario({
      nodes: [elf('/bin/game', { mode: 0o4755, owner: { uid: 2000, gid: 0 } })],
      tasks: [{ name: 'shell', pid: 100, creds: { uid: 1000, gid: 1000 }, hurd: { auth: { euids: [1000, 2000], auids: [1000, 1000], egids: [1000], agids: [1000, 1000] } } }],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/game', argv: ['game'] }],
    }),
  'script-dev-fd': () =>
    hurdScenario({
      nodes: [elf('/bin/sh'), script('/usr/bin/check', '#!/bin/sh -e\nid\n', { mode: 0o4755, owner: { uid: 0, gid: 0 } }), tty],
      tasks: [{ name: 'shell', pid: 100, creds: { uid: 1000, gid: 1000 }, fds: [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' }, { fd: 2, dupOf: 0 }] }],
      steps: [{ task: 'shell', call: 'execve', path: '/usr/bin/check', argv: ['check', '-v'] }],
    }),
  'spawn-file-actions': () =>
    hurdScenario({
      nodes: [elf('/bin/prog'), data('/etc/motd'), data('/tmp/out', { mode: 0o666 }), tty],
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
        },
      ],
      steps: [
        {
          task: 'shell',
          call: 'posix_spawn',
          child: 'kid',
          path: '/bin/prog',
          argv: ['prog'],
          fileActions: [
            { action: 'open', fd: 5, path: '/tmp/out', flags: ['O_WRONLY', 'O_CLOEXEC'] },
            { action: 'dup2', fd: 3, newfd: 3 },
            { action: 'close', fd: 1 },
          ],
        },
      ],
    }),
  'failure-before-ponr': () =>
    hurdScenario({
      nodes: [elf('/bin/prog', { interp: '/lib/missing.so' })],
      tasks: [{ name: 'shell', pid: 100, creds: { uid: 1000, gid: 1000 } }],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'] }],
    }),
  'failure-after-ponr': () =>
    hurdScenario({
      nodes: [{ kind: 'file', path: '/bin/huge', content: { type: 'elf', machine: 'x86_64', segments: [{ offset: 0, filesz: 64, memsz: 2 ** 48 }] } }],
      tasks: [{ name: 'shell', pid: 100, creds: { uid: 1000, gid: 1000 } }],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/huge', argv: ['huge'] }],
    }),
  boot: () =>
    hurdScenario({
      hurd: { boot: true },
      nodes: [elf('/bin/su', { mode: 0o4755 }), data('/servers/exec'), { kind: 'device', path: '/dev/console', device: 'char' }],
      tasks: [{ name: 'user', pid: 100, creds: { uid: 1000, gid: 1000 } }],
      steps: [
        { task: 'ext2fs', call: 'hurd_boot', step: 'start_execserver' },
        { task: 'user', call: 'execve', path: '/bin/su', argv: ['su'] },
        { task: 'ext2fs', call: 'hurd_boot', step: 'exec_init' },
        { task: 'user', call: 'execve', path: '/bin/su', argv: ['su'] },
      ],
    }),
};
