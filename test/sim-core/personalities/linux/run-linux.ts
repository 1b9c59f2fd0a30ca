/**
 * Runs a Linux scenario with the invariant checks on and answers the
 * questions the tests ask: what each action returned, which phases it went
 * through, where it failed, whether it crossed the point of no return, and
 * the exact state of a task afterwards.
 */
import {
  Engine,
  descriptionOf,
  fdTableOf,
  targetName,
  type KernelState,
  type Outcome,
  type SimEvent,
  type Task,
} from '../../../../sim-core/src/index.js';
import { basicNodes, elf, scenario, type ScenarioParts } from '../../../support/scenario-builder.js';

export interface LinuxRun {
  readonly engine: Engine;
  readonly state: KernelState;
  outcome(action: number): Outcome;
  /** "ok", "ok 3", an errno name, or "killed SIGSEGV". */
  result(action: number): string;
  /** Phase ids entered during the action, in order. */
  phases(action: number): string[];
  failedIn(action: number): string | undefined;
  ponr(action: number): boolean;
  events(action: number): SimEvent[];
  task(name: string): Task;
  /** The task's fd table, slot by slot: "3 /etc/motd ro cloexec". */
  fds(name: string): string[];
  /** [uid, euid, suid, fsuid, gid, egid, sgid, fsgid] */
  ids(name: string): number[];
  argv(name: string): readonly string[];
  auxv(name: string, key: 'AT_SECURE' | 'AT_EXECFD'): number | undefined;
}

export function runLinux(parts: ScenarioParts): LinuxRun {
  const engine = new Engine(scenario(parts), { checkInvariants: true });
  const all = engine.events();
  const state = engine.stateAt(engine.length - 1);
  const span = (action: number): SimEvent[] => {
    const log = engine.actions().get(action);
    if (!log) throw new Error(`action ${action} did not run`);
    return all.slice(log.started, (log.finished ?? all.length - 1) + 1);
  };
  const task = (name: string): Task => {
    const pid = state.names[name];
    const t = pid === undefined ? undefined : state.tasks.get(pid);
    if (!t) throw new Error(`no task ${name}`);
    return t;
  };
  const outcome = (action: number): Outcome => {
    const o = engine.outcomes().get(action);
    if (!o) throw new Error(`action ${action} has no outcome`);
    return o;
  };
  return {
    engine,
    state,
    outcome,
    result(action) {
      const o = outcome(action);
      if (o.ok) return o.value !== undefined ? `ok ${o.value}` : 'ok';
      if ('errno' in o) return o.errno;
      if ('killed' in o) return `killed ${o.killed}`;
      return `blocked: ${o.blocked}`;
    },
    phases: (action) => span(action).flatMap((e) => (e.kind === 'phase-entered' ? [e.phase] : [])),
    failedIn(action) {
      const o = outcome(action);
      return !o.ok && 'phase' in o ? o.phase : undefined;
    },
    ponr: (action) => engine.actions().get(action)?.ponr ?? false,
    events: span,
    task,
    fds(name) {
      const t = task(name);
      const rows: string[] = [];
      fdTableOf(state, t.pid).slots.forEach((slot, fd) => {
        const d = descriptionOf(state, slot.desc);
        rows.push(`${fd} ${targetName(d.target)} ${d.access}${slot.cloexec ? ' cloexec' : ''}`);
      });
      return rows;
    },
    ids(name) {
      const c = task(name).creds;
      return [c.uid, c.euid, c.suid, c.fsuid, c.gid, c.egid, c.sgid, c.fsgid];
    },
    argv: (name) => state.mms.get(task(name).mm)?.argv ?? [],
    auxv: (name, key) => state.mms.get(task(name).mm)?.auxv[key],
  };
}

/** The world most tests start from: basicNodes plus /bin/prog (static) and /bin/interp. */
export function world(extra: NonNullable<ScenarioParts['nodes']> = []): NonNullable<ScenarioParts['nodes']> {
  return [...basicNodes(), elf('/bin/prog'), elf('/bin/interp'), ...extra];
}

/** Phase ids of a successful static ELF exec, in order. */
export const ELF_EXEC_PHASES = [
  'linux.entry',
  'linux.nproc',
  'linux.open_exec',
  'linux.alloc_bprm',
  'linux.copy_args',
  'linux.creds_prepare',
  'linux.interp_loop',
  'linux.search_binfmt',
  'linux.binfmt_elf.preflight',
  'linux.creds_from_file',
  'linux.point_of_no_return',
  'linux.de_thread',
  'linux.unshare_files',
  'linux.exe_file',
  'linux.exec_mmap',
  'linux.misc_resets',
  'linux.close_on_exec',
  'linux.secureexec_resets',
  'linux.commit',
  'linux.setup_new_exec',
  'linux.start',
] as const;
