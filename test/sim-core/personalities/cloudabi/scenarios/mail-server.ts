/**
 * The mail server of review D3079 (SEEDS 001): a CloudABI launcher holds
 * sockets, files and its terminal, and execs the mail server with an argdata
 * tree naming exactly the sockets, spool and log it should have.
 */
import type { FsNodeSpec, Scenario, TaskSpec } from '../../../../../sim-core/src/index.js';
import { argFd, argInt, argMap, argStr } from '../../../../../sim-core/src/personalities/cloudabi/argdata/value.js';
import { expect, scenario } from '../../../../support/scenario-builder.js';

export const cloudabiElf = (path: string, extra: Record<string, unknown> = {}): FsNodeSpec => ({
  kind: 'file',
  path,
  mode: 0o755,
  content: { type: 'elf', machine: 'x86_64', osabi: 'cloudabi', size: 65536, ...extra },
});

export function mailWorld(): { nodes: FsNodeSpec[]; launcher: TaskSpec } {
  const nodes: FsNodeSpec[] = [
    cloudabiElf('/usr/local/bin/launcher'),
    cloudabiElf('/usr/local/bin/mailserver'),
    { kind: 'file', path: '/etc/mail/aliases', content: { type: 'data', size: 120 } },
    { kind: 'dir', path: '/var/mail' },
    { kind: 'file', path: '/var/log/maillog', content: { type: 'data', size: 0 } },
    { kind: 'device', path: '/dev/ttyv0', device: 'char' },
  ];
  const launcher: TaskSpec = {
    name: 'launcher',
    pid: 700,
    exe: '/usr/local/bin/launcher',
    fds: [
      { fd: 0, target: { path: '/dev/ttyv0' }, access: 'rw' },
      { fd: 1, dupOf: 0 },
      { fd: 2, dupOf: 0 },
      { fd: 3, target: { path: '/usr/local/bin/mailserver' }, access: 'exec', cloexec: true },
      { fd: 4, target: { socket: 'smtp:25' } },
      { fd: 5, target: { socket: 'submission:587' } },
      { fd: 6, target: { path: '/var/mail' }, access: 'ro' },
      { fd: 7, target: { path: '/var/log/maillog' }, access: 'wo', cloexec: true },
      { fd: 8, target: { socket: 'admin-console' } },
      { fd: 9, target: { path: '/etc/mail/aliases' }, access: 'ro' },
    ],
  };
  return { nodes, launcher };
}

/** The tree: two listening sockets (one of them twice), the spool, the log; nothing else. */
export const mailTree = argMap([
  [argStr('hostname'), argStr('mail.example.org')],
  [argStr('smtp'), argFd(4)],
  [argStr('submission'), argFd(5)],
  [argStr('spool'), argFd(6)],
  [argStr('log'), argFd(7)],
  [argStr('listeners'), { type: 'seq', items: [argFd(4), argFd(5)] }],
  [argStr('max_connections'), argInt(128)],
]);

export function mailServerScenario(): Scenario {
  const { nodes, launcher } = mailWorld();
  return scenario({
    system: 'cloudabi',
    nodes,
    tasks: [launcher],
    steps: [
      { task: 'launcher', call: 'proc_exec', fd: 3, argdata: mailTree },
      expect({ what: 'result', action: 0, outcome: 'ok' }),
      expect({
        what: 'fd-table',
        task: 'launcher',
        rows: [
          { fd: 0, target: 'socket:smtp:25', access: 'rw' },
          { fd: 1, target: 'socket:submission:587', access: 'rw' },
          { fd: 2, target: '/var/mail', access: 'ro' },
          { fd: 3, target: '/var/log/maillog', access: 'wo', cloexec: true },
        ],
      }),
      expect({ what: 'exec-message', action: 0, fds: [4, 5, 6, 7] }),
      expect({
        what: 'argdata',
        task: 'launcher',
        value: argMap([
          [argStr('hostname'), argStr('mail.example.org')],
          [argStr('smtp'), argFd(0)],
          [argStr('submission'), argFd(1)],
          [argStr('spool'), argFd(2)],
          [argStr('log'), argFd(3)],
          [argStr('listeners'), { type: 'seq', items: [argFd(0), argFd(1)] }],
          [argStr('max_connections'), argInt(128)],
        ]),
      }),
      expect({ what: 'capability-mode', task: 'launcher', enabled: true }),
      expect({ what: 'exe', task: 'launcher', path: '/usr/local/bin/mailserver' }),
    ],
  });
}
