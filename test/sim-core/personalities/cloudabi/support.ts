/**
 * Helpers for the CloudABI tests: a launcher world, runs with invariant
 * checks, and readers for fd tables, phases and events.
 */
import {
  Engine,
  cloudabiOf,
  descriptionOf,
  fdTableOf,
  targetName,
  type ActionCall,
  type Argdata,
  type ExpectationBody,
  type FdSpec,
  type FsNodeSpec,
  type KernelState,
  type Outcome,
  type Scenario,
  type SimEvent,
  type TaskSpec,
} from '../../../../sim-core/src/index.js';
import { scenario } from '../../../support/scenario-builder.js';
import { cloudabiElf } from './scenarios/mail-server.js';

export { cloudabiElf };

export const LAUNCHER_PID = 700;

/** A CloudABI launcher with a terminal on 0-2, the executable open O_EXEC on 3 and the given extra fds. */
export function launcher(extraFds: FdSpec[] = [], extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    name: 'launcher',
    pid: LAUNCHER_PID,
    exe: '/bin/launcher',
    fds: [
      { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
      { fd: 1, dupOf: 0 },
      { fd: 2, dupOf: 0 },
      { fd: 3, target: { path: '/bin/prog' }, access: 'exec' },
      ...extraFds,
    ],
    ...extra,
  };
}

export function baseNodes(extra: FsNodeSpec[] = []): FsNodeSpec[] {
  return [
    cloudabiElf('/bin/launcher'),
    cloudabiElf('/bin/prog'),
    { kind: 'device', path: '/dev/tty', device: 'char' },
    { kind: 'file', path: '/etc/config', content: { type: 'data', size: 10 } },
    { kind: 'dir', path: '/var/spool' },
    ...extra,
  ];
}

type Step = (ActionCall & { task: string; thread?: string }) | ({ expect: true } & ExpectationBody);

export function cloudabiScenario(parts: { nodes?: FsNodeSpec[]; tasks?: TaskSpec[]; steps: Step[]; mounts?: Scenario['filesystem']['mounts'] }): Scenario {
  return scenario({
    system: 'cloudabi',
    nodes: parts.nodes ?? baseNodes(),
    tasks: parts.tasks ?? [launcher()],
    ...(parts.mounts ? { mounts: [...parts.mounts] } : {}),
    steps: parts.steps,
  });
}

/** proc_exec of fd 3 by the launcher. */
export function procExec(argdata: Argdata, fds?: number[], fd = 3): Step {
  return { task: 'launcher', call: 'proc_exec', fd, argdata, ...(fds ? { fds } : {}) };
}

export interface Run {
  readonly engine: Engine;
  readonly events: readonly SimEvent[];
  readonly final: KernelState;
  outcome(action?: number): Outcome;
  phases(): string[];
  failedPhases(): Array<[string, string]>;
  ofKind<K extends SimEvent['kind']>(kind: K): Array<Extract<SimEvent, { kind: K }>>;
  expectations(): Array<{ passed: boolean; expected: string; seen: string }>;
}

export function run(s: Scenario): Run {
  const engine = new Engine(s, { checkInvariants: true });
  engine.runToEnd();
  const events = engine.events();
  return {
    engine,
    events,
    final: engine.stateAt(events.length - 1),
    outcome: (action = 0) => engine.outcomes().get(action)!,
    phases: () => events.filter((e) => e.kind === 'phase-entered').map((e) => (e as Extract<SimEvent, { kind: 'phase-entered' }>).phase),
    failedPhases: () =>
      events
        .filter((e): e is Extract<SimEvent, { kind: 'phase-left' }> => e.kind === 'phase-left' && e.errno !== undefined)
        .map((e) => [e.phase, e.errno!] as [string, string]),
    ofKind: <K extends SimEvent['kind']>(kind: K) => events.filter((e) => e.kind === kind) as Array<Extract<SimEvent, { kind: K }>>,
    expectations: () => [...engine.expectationResults().values()].map(({ passed, expected, seen }) => ({ passed, expected, seen })),
  };
}

/** `fd → target (access[, cloexec])` for every slot of a task's table. */
export function fdRows(state: KernelState, pid: number): string[] {
  const rows: string[] = [];
  fdTableOf(state, pid).slots.forEach((slot, fd) => {
    const d = descriptionOf(state, slot.desc);
    rows.push(`${fd} → ${targetName(d.target)} (${d.access}${slot.cloexec ? ', cloexec' : ''})`);
  });
  return rows;
}

export function lastMessage(state: KernelState) {
  return cloudabiOf(state).messages.at(-1)!;
}

/** The CloudABI image of the task's current address space. */
export function imageOf(state: KernelState, pid: number) {
  return cloudabiOf(state).images[state.tasks.get(pid)!.mm]!;
}
