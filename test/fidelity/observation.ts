/**
 * What a program can observe, from both sides, in one canonical text form per
 * field so that a comparison is a string comparison and a difference prints
 * both values: each action's result, and for each task its end state (the new
 * program's view after a successful exec, else the old program's own).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SIGNALS,
  descriptionOf,
  fdTableOf,
  type ActionSpec,
  type Engine,
  type KernelState,
  type Outcome,
  type Scenario,
  type SignalName,
  type Task,
} from '../../sim-core/src/index.js';

export interface TaskView {
  /** running | killed SIGSEGV | exited N */
  readonly status: string;
  /** Whether the task ended in a new program (a successful exec). */
  readonly image: 'new' | 'old';
  readonly fields: Readonly<Record<string, string>>;
}

export interface View {
  /** "A3 execve" → ok | ok 5 | ENOENT | killed SIGSEGV | not run */
  readonly actions: Readonly<Record<string, string>>;
  readonly tasks: Readonly<Record<string, TaskView>>;
}

/** Fields compared for a task that runs a new program / still runs the old one. */
export const NEW_IMAGE_FIELDS = ['pid', 'ppid', 'threads', 'fds', 'creds', 'nnp', 'secure', 'comm', 'exe', 'argv', 'dispositions', 'blocked', 'pending', 'cwd', 'umask', 'stack'] as const;
export const OLD_IMAGE_FIELDS = ['pid', 'ppid', 'threads', 'fds', 'creds', 'nnp', 'dispositions', 'blocked', 'pending', 'cwd', 'umask', 'stack', 'memory'] as const;

const SIGNAME_BY_NUMBER = new Map<number, SignalName>(Object.entries(SIGNALS).map(([n, v]) => [v, n as SignalName]));

function sigNames(nums: readonly number[]): string {
  return nums.map((n) => SIGNAME_BY_NUMBER.get(n) ?? `SIG${n}`).join(' ') || '(none)';
}

function sigSetText(set: readonly SignalName[]): string {
  return sigNames([...set].map((s) => SIGNALS[s]).sort((a, b) => a - b));
}

function credsText(uid: readonly number[], gid: readonly number[], groups: readonly number[]): string {
  return `uid ${uid.join('/')} gid ${gid.join('/')} groups ${[...groups].sort((a, b) => a - b).join(',') || '-'}`;
}

function fdRow(fd: number, target: string, access: string, cloexec: boolean): string {
  return `${fd} ${target} ${access}${cloexec ? ' cloexec' : ''}`;
}

function actionKey(a: ActionSpec): string {
  return `A${a.index} ${a.task}${a.thread ? '.' + a.thread : ''}: ${a.call}`;
}

/** Calls whose return value is the same number on both sides (fds, flags, masks). */
const VALUE_CALLS = new Set(['open', 'dup', 'dup2', 'dup3', 'fcntl', 'pipe', 'umask']);

function isExec(a: ActionSpec): boolean {
  return a.call === 'execve' || a.call === 'execveat' || a.call === 'fexecve';
}

// ------------------------------------------------------------------ simulator

function simOutcome(a: ActionSpec, o: Outcome | undefined): string {
  if (!o) return 'not run';
  if (o.ok) return VALUE_CALLS.has(a.call) && o.value !== undefined ? `ok ${o.value}` : 'ok';
  if ('errno' in o) return o.errno;
  if ('killed' in o) return `killed ${o.killed}`;
  return 'not run';
}

function simStatus(t: Task): string {
  if (t.status.state === 'killed') return `killed ${t.status.signal}`;
  if (t.status.state === 'exited') return `exited ${t.status.status}`;
  return 'running';
}

function simTask(state: KernelState, t: Task, image: 'new' | 'old'): TaskView {
  const status = simStatus(t);
  if (t.status.state !== 'running') return { status, image, fields: {} };
  const rows: string[] = [];
  fdTableOf(state, t.pid).slots.forEach((slot, fd) => {
    const d = descriptionOf(state, slot.desc);
    const target = d.target.kind === 'file' ? d.target.path : d.target.kind === 'pipe' ? `pipe:${d.target.name}[${d.target.end}]` : `${d.target.kind}:${d.target.name}`;
    rows.push(fdRow(fd, target, d.access, slot.cloexec));
  });
  const mm = state.mms.get(t.mm);
  const leader = t.threads.find((th) => th.tid === t.leader);
  const names = new Map<number, string>(Object.entries(state.names).map(([n, p]) => [p, n]));
  const c = t.creds;
  const disp = Object.entries(t.signals.dispositions)
    .map(([s, d]) => [SIGNALS[s as SignalName], `${s}=${d}`] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text);
  return {
    status,
    image,
    fields: {
      pid: 'same as before',
      ppid: names.get(t.ppid) ?? 'outside',
      threads: String(t.threads.length),
      fds: rows.join('; ') || '(none)',
      creds: credsText([c.uid, c.euid, c.suid, c.fsuid], [c.gid, c.egid, c.sgid, c.fsgid], c.groups),
      nnp: t.noNewPrivs ? '1' : '0',
      secure: String(mm?.auxv.AT_SECURE ?? 0),
      comm: t.comm,
      exe: t.exe ?? '(none)',
      argv: JSON.stringify(mm?.argv ?? []),
      dispositions: disp.join(' ') || '(all default)',
      blocked: sigSetText(leader?.blocked ?? []),
      pending: sigSetText(t.signals.pending),
      cwd: t.cwd,
      umask: t.umask.toString(8).padStart(4, '0'),
      stack: String(t.rlimits.stack),
      memory: JSON.stringify(Object.fromEntries(Object.entries(mm?.variables ?? {}).sort())),
    },
  };
}

export function simView(s: Scenario, engine: Engine): View {
  const outcomes = engine.outcomes();
  const state = engine.stateAt(engine.length - 1);
  const actions: Record<string, string> = {};
  const execd = new Set<string>();
  for (const a of s.actions) {
    const o = outcomes.get(a.index);
    actions[actionKey(a)] = simOutcome(a, o);
    // A successful exec returns nothing (AT_EXECVE_CHECK returns 0 and runs nothing).
    if (isExec(a) && o?.ok && o.value === undefined) execd.add(a.task);
  }
  const tasks: Record<string, TaskView> = {};
  for (const [name, pid] of Object.entries(state.names)) {
    const t = state.tasks.get(pid);
    if (t) tasks[name] = simTask(state, t, execd.has(name) ? 'new' : 'old');
  }
  return { actions, tasks };
}

// ------------------------------------------------------------------ host

interface HostReport {
  fds: { fd: number; target: string; kind: string; ino: number; flags: number; cloexec: boolean }[];
  pid: number;
  ppid: number;
  tid: number;
  threads: number;
  uid: number[];
  gid: number[];
  groups: number[];
  nnp: number[];
  secure: number;
  comm: string;
  exe: string;
  cwd: string;
  umask: number;
  stack: number;
  argv: string[];
  disp: Record<string, string>;
  blocked: number[];
  pending: number[];
  memory: Record<string, string>;
}

const O_PATH = 0o10000000;

function hostAccess(flags: number): string {
  if (flags & O_PATH) return 'path';
  return ['ro', 'wo', 'rw'][flags & 3] ?? 'ro';
}

export interface HostRun {
  /** results.txt lines */
  readonly results: readonly string[];
  /** ids.txt lines */
  readonly ids: readonly string[];
  readonly out: string;
  /** The supervisor's pid (the outside parent of the first task). */
  readonly supervisor: number;
}

function hostTask(name: string, r: HostReport, image: 'new' | 'old', status: string, pids: Map<number, string>, pipes: Map<number, string>, supervisor: number): TaskView {
  const rows = r.fds.map((f) => {
    const access = hostAccess(f.flags);
    const target = f.kind === 'pipe' ? `pipe:${pipes.get(f.ino) ?? f.ino}[${(f.flags & 3) === 1 ? 'write' : 'read'}]` : f.target;
    return fdRow(f.fd, target, access, f.cloexec);
  });
  const disp = Object.entries(r.disp)
    .map(([n, d]) => [Number(n), `${SIGNAME_BY_NUMBER.get(Number(n)) ?? n}=${d}`] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text);
  return {
    status,
    image,
    fields: {
      pid: pids.get(r.pid) === name ? 'same as before' : `pid ${r.pid} (${pids.get(r.pid) ?? 'unknown'})`,
      ppid: r.ppid === supervisor ? 'outside' : (pids.get(r.ppid) ?? `pid ${r.ppid}`),
      threads: String(r.threads),
      fds: rows.join('; ') || '(none)',
      creds: credsText(r.uid, r.gid, r.groups),
      nnp: String(r.nnp[0] ?? 0),
      secure: String(r.secure),
      comm: r.comm,
      exe: r.exe,
      argv: JSON.stringify(r.argv),
      dispositions: disp.join(' ') || '(all default)',
      blocked: sigNames(r.blocked),
      pending: sigNames(r.pending),
      cwd: r.cwd,
      umask: r.umask.toString(8).padStart(4, '0'),
      stack: String(r.stack === -1 ? Infinity : r.stack),
      memory: JSON.stringify(Object.fromEntries(Object.entries(r.memory).sort())),
    },
  };
}

export function hostView(s: Scenario, run: HostRun): View {
  const resultOf = new Map<string, string>();
  const statusOf = new Map<string, string>();
  for (const l of run.results) {
    const parts = l.split(' ');
    if (parts[0] === 'status') statusOf.set(parts[1]!, parts[2] === 'killed' ? `killed SIG${parts[3]}` : `exited ${parts[3]}`);
    else if (/^A\d+$/.test(parts[0]!)) resultOf.set(parts[0]!, parts[1] === 'ok' ? `ok ${parts[2]}` : parts[2]!);
  }
  const pids = new Map<number, string>();
  const pipes = new Map<number, string>();
  for (const l of run.ids) {
    const [a, b, c] = l.split(' ');
    if (a === 'pipe') pipes.set(Number(c), b!);
    else if (b === 'main') pids.set(Number(c), a!);
  }
  const reports = new Map<string, HostReport>();
  for (const f of fs.readdirSync(run.out)) {
    const m = /^report-(\d+)\.json$/.exec(f);
    if (!m) continue;
    const name = pids.get(Number(m[1]));
    if (name) reports.set(name, JSON.parse(fs.readFileSync(path.join(run.out, f), 'utf8')) as HostReport);
  }
  const exits = new Set(s.actions.filter((a) => a.call === 'exit').map((a) => a.task));
  const actions: Record<string, string> = {};
  const lastExec = new Map<string, number>();
  for (const a of s.actions) if (isExec(a)) lastExec.set(a.task, a.index);
  for (const a of s.actions) {
    const logged = resultOf.get(`A${a.index}`);
    let text: string;
    if (logged !== undefined) {
      text = logged.startsWith('ok') ? (VALUE_CALLS.has(a.call) ? logged : 'ok') : logged;
    } else if (a.call === 'exit') {
      text = 'ok';
    } else if (isExec(a) && lastExec.get(a.task) === a.index) {
      const st = statusOf.get(a.task) ?? '';
      text = reports.has(a.task) ? 'ok' : st.startsWith('killed') ? st : 'not run';
    } else {
      text = 'not run';
    }
    actions[actionKey(a)] = text;
  }
  const tasks: Record<string, TaskView> = {};
  const names = new Set<string>([...pids.values()]);
  for (const name of names) {
    let status = statusOf.get(name) ?? 'running';
    // A task whose program simply ran to its end is, for the simulator, still running.
    if (status === 'exited 0' && !exits.has(name)) status = 'running';
    const report = reports.get(name);
    const obsPath = path.join(run.out, `obs-${name}.json`);
    if (report) tasks[name] = hostTask(name, report, 'new', status, pids, pipes, run.supervisor);
    else if (fs.existsSync(obsPath)) tasks[name] = hostTask(name, JSON.parse(fs.readFileSync(obsPath, 'utf8')) as HostReport, 'old', status, pids, pipes, run.supervisor);
    else tasks[name] = { status, image: 'old', fields: {} };
  }
  return { actions, tasks };
}

// ------------------------------------------------------------------ comparison

export interface FieldComparison {
  readonly field: string;
  readonly sim: string;
  readonly host: string;
  readonly agree: boolean;
}

export function compareViews(sim: View, host: View): FieldComparison[] {
  const out: FieldComparison[] = [];
  const add = (field: string, a: string | undefined, b: string | undefined) =>
    out.push({ field, sim: a ?? '(absent)', host: b ?? '(absent)', agree: a === b });
  for (const k of Object.keys(sim.actions)) add(k, sim.actions[k], host.actions[k]);
  const names = [...new Set([...Object.keys(sim.tasks), ...Object.keys(host.tasks)])].sort();
  for (const name of names) {
    const a = sim.tasks[name];
    const b = host.tasks[name];
    add(`${name} status`, a?.status, b?.status);
    if (!a || !b || a.status !== b.status || a.status !== 'running') continue;
    add(`${name} program`, a.image, b.image);
    if (a.image !== b.image) continue;
    const fields = a.image === 'new' ? NEW_IMAGE_FIELDS : OLD_IMAGE_FIELDS;
    for (const f of fields) add(`${name} ${f}`, a.fields[f], b.fields[f]);
  }
  return out;
}
