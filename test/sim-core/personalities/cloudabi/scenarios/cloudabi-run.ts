/**
 * cloudabi-run starting the mail server from a shell-like supervisor
 * (CAUTILS src/cloudabi-run/cloudabi-run.cc; the man page's example
 * configuration style): the supervisor process has a listening socket on fd 3
 * and its terminal on 0-2; the YAML names the socket, stderr and a file.
 */
import type { FsNodeSpec, Scenario, TaskSpec, YamlNode } from '../../../../../sim-core/src/index.js';
import { scenario } from '../../../../support/scenario-builder.js';
import { cloudabiElf } from './mail-server.js';

export const plain = (value: string): YamlNode => ({ kind: 'scalar', value });
export const quoted = (value: string): YamlNode => ({ kind: 'scalar', value, style: 'quoted' });
export const tagged = (tag: string, value: string): YamlNode => ({ kind: 'scalar', value, tag });
export const ymap = (entries: Array<[string, YamlNode]>, tag?: string): YamlNode => ({
  kind: 'map',
  entries: entries.map(([k, v]) => ({ key: plain(k), value: v })),
  ...(tag ? { tag } : {}),
});
export const yseq = (items: YamlNode[]): YamlNode => ({ kind: 'seq', items });

export function runWorld(): { nodes: FsNodeSpec[]; supervisor: TaskSpec } {
  const nodes: FsNodeSpec[] = [
    { kind: 'file', path: '/usr/local/bin/cloudabi-run', mode: 0o755, content: { type: 'elf', machine: 'x86_64', osabi: 'freebsd', size: 90000 } },
    cloudabiElf('/usr/local/libexec/cloudabi-reexec'),
    cloudabiElf('/usr/local/bin/mailserver'),
    { kind: 'file', path: '/etc/mail/aliases', content: { type: 'data', size: 120 } },
    { kind: 'file', path: '/home/ops/.ssh/id_ed25519', mode: 0o600, owner: { uid: 1001, gid: 1001 }, content: { type: 'data', size: 400 } },
    { kind: 'device', path: '/dev/pts/0', device: 'char' },
  ];
  const supervisor: TaskSpec = {
    name: 'supervisor',
    pid: 500,
    exe: '/usr/local/bin/cloudabi-run',
    creds: { uid: 1001, gid: 1001 },
    fds: [
      { fd: 0, target: { path: '/dev/pts/0' }, access: 'rw' },
      { fd: 1, dupOf: 0 },
      { fd: 2, dupOf: 0 },
      { fd: 3, target: { socket: 'smtp:25' } },
      { fd: 4, target: { path: '/home/ops/.ssh/id_ed25519' }, access: 'ro' },
      { fd: 5, target: { socket: 'supervisor-control' }, cloexec: true },
    ],
  };
  return { nodes, supervisor };
}

/** %TAG ! tag:nuxi.nl,2015:cloudabi/ --- {hostname: mail.example.org, smtp: !fd 3, log: !fd stderr, aliases: !file {path: /etc/mail/aliases}} */
export const mailConfig: YamlNode = ymap([
  ['hostname', plain('mail.example.org')],
  ['smtp', tagged('!fd', '3')],
  ['log', tagged('!fd', 'stderr')],
  ['aliases', ymap([['path', plain('/etc/mail/aliases')]], '!file')],
  ['workers', plain('4')],
]);

export function cloudabiRunScenario(config: YamlNode | null = mailConfig): Scenario {
  const { nodes, supervisor } = runWorld();
  return scenario({
    system: 'cloudabi',
    nodes,
    tasks: [supervisor],
    steps: [{ task: 'supervisor', call: 'cloudabi_run', executable: '/usr/local/bin/mailserver', config }],
  });
}
