/**
 * Small helpers to write Scenario objects in tests without the scenario
 * language: defaults for everything a test does not care about.
 */
import type {
  ActionCall,
  ActionSpec,
  ExpectationBody,
  ExpectationSpec,
  FsNodeSpec,
  MachineSpec,
  MountSpec,
  Scenario,
  SourceLoc,
  SystemId,
  TaskSpec,
} from '../../sim-core/src/index.js';

export const loc = (line: number): SourceLoc => ({ line, column: 1, endLine: line, endColumn: 2 });

export interface ScenarioParts {
  system?: SystemId;
  machine?: Partial<MachineSpec>;
  mounts?: MountSpec[];
  nodes?: FsNodeSpec[];
  tasks?: TaskSpec[];
  /** Actions and expectations in scenario order; expectations follow the last action before them. */
  steps?: Array<(ActionCall & { task: string; thread?: string; label?: string }) | ({ expect: true } & ExpectationBody)>;
}

export function scenario(parts: ScenarioParts): Scenario {
  const actions: ActionSpec[] = [];
  const expectations: ExpectationSpec[] = [];
  let line = 100;
  for (const s of parts.steps ?? []) {
    line++;
    if ('expect' in s) {
      const { expect: _e, ...body } = s;
      expectations.push({ ...(body as ExpectationBody), index: expectations.length, after: actions.length - 1, loc: loc(line) } as ExpectationSpec);
    } else {
      actions.push({ ...s, index: actions.length, loc: loc(line) } as ActionSpec);
    }
  }
  return {
    system: parts.system ?? 'linux',
    machine: { arch: 'x86_64', mmu: true, ...parts.machine },
    filesystem: { mounts: parts.mounts ?? [], nodes: parts.nodes ?? [] },
    tasks: parts.tasks ?? [],
    actions,
    expectations,
  };
}

export const elf = (path: string, extra: Partial<Extract<FsNodeSpec, { kind: 'file' }>> & { interp?: string; machine?: string } = {}): FsNodeSpec => {
  const { interp, machine, ...rest } = extra;
  return {
    kind: 'file',
    path,
    content: { type: 'elf', machine: machine ?? 'x86_64', ...(interp ? { interp } : {}) },
    ...rest,
  };
};

export const script = (path: string, text: string, extra: Partial<Extract<FsNodeSpec, { kind: 'file' }>> = {}): FsNodeSpec => ({
  kind: 'file',
  path,
  content: { type: 'script', text },
  ...extra,
});

export const data = (path: string, extra: Partial<Extract<FsNodeSpec, { kind: 'file' }>> = {}): FsNodeSpec => ({
  kind: 'file',
  path,
  content: { type: 'data' },
  ...extra,
});

/** A usual world: /bin/sh and /bin/true (static), /lib/ld.so, /etc/motd, /dev/tty. */
export function basicNodes(): FsNodeSpec[] {
  return [
    elf('/lib64/ld-linux-x86-64.so.2'),
    elf('/bin/sh', { interp: '/lib64/ld-linux-x86-64.so.2' }),
    elf('/bin/true'),
    data('/etc/motd'),
    { kind: 'device', path: '/dev/tty', device: 'char' },
    { kind: 'dir', path: '/tmp', mode: 0o1777 },
  ];
}

export const expect = (body: ExpectationBody): { expect: true } & ExpectationBody => ({ expect: true, ...body });
