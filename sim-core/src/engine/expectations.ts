/**
 * Checks a scenario's expectations against the state and reports, for a
 * failure, exactly what was seen: fd rows, credential values, errnos.
 */
import { descriptionOf, fdTableOf, targetName } from '../model/fds.js';
import { octal } from '../scenario/describe.js';
import type { KernelState, Task, Thread } from '../model/state.js';
import type { ExpectationSpec, TaskRef } from '../scenario/scenario.js';
import type { FdRowSpec } from '../scenario/expectations.js';
import type { Personality } from '../personalities/personality.js';
import type { Outcome } from './events.js';
import type { ActionLog } from './action-log.js';

export interface ExpectationResult {
  readonly passed: boolean;
  readonly expected: string;
  readonly seen: string;
}

/** `3 → /etc/motd (ro, cloexec)`: the form used in traces, failures and the debugger. */
export function describeFd(state: KernelState, task: Task, fd: number): string {
  const slot = fdTableOf(state, task.pid).slots.get(fd);
  if (!slot) return `${fd} closed`;
  const d = descriptionOf(state, slot.desc);
  return `${fd} → ${targetName(d.target)} (${d.access}${slot.cloexec ? ', cloexec' : ''})`;
}

export function describeOutcome(o: Outcome | undefined): string {
  if (!o) return 'not run yet';
  if (o.ok) return o.value !== undefined ? `ok (${o.value})` : 'ok';
  if ('errno' in o) return o.errno;
  if ('killed' in o) return `killed by ${o.killed}`;
  return `blocked: ${o.blocked}`;
}

function result(passed: boolean, expected: string, seen: string): ExpectationResult {
  return { passed, expected, seen };
}

function fdRows(state: KernelState, task: Task): FdRowSpec[] {
  const rows: FdRowSpec[] = [];
  fdTableOf(state, task.pid).slots.forEach((slot, fd) => {
    const d = descriptionOf(state, slot.desc);
    rows.push({ fd, target: targetName(d.target), access: d.access, cloexec: slot.cloexec });
  });
  return rows;
}

function rowText(r: FdRowSpec): string {
  const flags = [r.access, r.cloexec ? 'cloexec' : undefined].filter(Boolean).join(', ');
  return `${r.fd} → ${r.target}${flags ? ` (${flags})` : ''}`;
}

function findTask(state: KernelState, ref: TaskRef): Task | undefined {
  const pid = state.names[ref.task];
  return pid === undefined ? undefined : state.tasks.get(pid);
}

function findThread(task: Task, ref: TaskRef): Thread | undefined {
  return ref.thread ? task.threads.find((t) => t.name === ref.thread) : task.threads.find((t) => t.tid === task.leader);
}

function statusText(task: Task): string {
  const s = task.status;
  if (s.state === 'killed') return `killed by ${s.signal}`;
  if (s.state === 'exited') return `exited ${s.status}`;
  return 'running';
}

const signalList = (signals: readonly string[]) => [...signals].sort().join(' ') || '(none)';

/** What an expectation asks for, as its failure message shows it (the same whatever was seen). */
export function expectedText(e: ExpectationSpec): string {
  switch (e.what) {
    case 'result':
      return e.outcome;
    case 'ponr':
      return e.crossed ? 'crossed' : 'not crossed';
    case 'failed-in':
      return e.phase;
    case 'state':
      return e.state;
    case 'killed':
      return `killed by ${e.signal}`;
    case 'exited':
      return `exited ${e.status}`;
    case 'pid':
      return String(e.pid);
    case 'ppid':
      return String(e.ppid);
    case 'tid':
      return String(e.tid);
    case 'comm':
      return e.comm;
    case 'exe':
    case 'cwd':
      return e.path;
    case 'umask':
      return octal(e.umask, 3);
    case 'cred':
      return `${e.field} ${Array.isArray(e.value) ? (e.value as readonly number[]).join(',') : String(e.value)}`;
    case 'threads':
      return `${e.count} thread(s)`;
    case 'blocked':
    case 'pending':
      return signalList(e.signals);
    case 'disposition':
      return `${e.signal} ${e.disposition}`;
    case 'argv':
      return JSON.stringify(e.argv);
    case 'auxv':
      return `${e.key} ${e.value ?? 'absent'}`;
    case 'memory':
      return `${e.variable} = ${e.value ?? 'unset'}`;
    case 'fd-closed':
      return `${e.fd} closed`;
    case 'fd-open':
      return rowText({ fd: e.fd, target: e.target ?? '*', ...(e.access ? { access: e.access } : {}), ...(e.cloexec !== undefined ? { cloexec: e.cloexec } : {}) });
    case 'fd-table':
      return e.rows.map(rowText).join('; ') || '(empty)';
    default:
      return (e as { what: string }).what;
  }
}

/** Expectations that read a process's fd table or memory, which an ended process no longer has. */
function readsContents(e: ExpectationSpec): 'fd table' | 'memory' | undefined {
  switch (e.what) {
    case 'argv':
    case 'auxv':
    case 'memory':
      return 'memory';
    case 'fd-closed':
    case 'fd-open':
    case 'fd-table':
      return 'fd table';
    default:
      return undefined;
  }
}

export function evaluateExpectation(
  e: ExpectationSpec,
  state: KernelState,
  actions: ReadonlyMap<number, Readonly<ActionLog>>,
  personality: Personality,
): ExpectationResult {
  const own = personality.evaluateExpectation?.(e, state);
  if (own) return own;
  const expected = expectedText(e);
  const check = (passed: boolean, seen: string) => result(passed, expected, seen);
  switch (e.what) {
    case 'result': {
      const seen = describeOutcome(actions.get(e.action)?.outcome);
      return check(seen === e.outcome || (e.outcome === 'ok' && seen.startsWith('ok')), seen);
    }
    case 'ponr': {
      const crossed = actions.get(e.action)?.ponr ?? false;
      return check(crossed === e.crossed, crossed ? 'crossed' : 'not crossed');
    }
    case 'failed-in': {
      const o = actions.get(e.action)?.outcome;
      const phase = o && !o.ok && 'phase' in o ? (o.phase ?? 'none') : o ? (o.ok ? 'did not fail' : 'none') : 'not run yet';
      return check(phase === e.phase, phase);
    }
    default:
      break;
  }
  const what = (e as { what: string }).what;
  if (!('task' in e)) return check(false, `unsupported expectation "${what}"`);
  const ref = e as ExpectationSpec & TaskRef;
  const task = findTask(state, ref);
  if (!task) return check(false, `no task named ${ref.task}`);
  const dead = task.status.state !== 'running';
  switch (e.what) {
    case 'state': {
      const thread = findThread(task, ref);
      const seen = dead ? task.status.state : thread?.run.state === 'blocked' ? 'blocked' : 'running';
      return check(seen === e.state, seen === 'blocked' && thread?.run.state === 'blocked' ? `blocked (${thread.run.reason})` : seen);
    }
    case 'killed':
      return check(task.status.state === 'killed' && task.status.signal === e.signal, statusText(task));
    case 'exited':
      return check(task.status.state === 'exited' && task.status.status === e.status, statusText(task));
    case 'pid':
      return check(task.pid === e.pid, String(task.pid));
    case 'ppid':
      return check(task.ppid === e.ppid, String(task.ppid));
    case 'comm':
      return check(task.comm === e.comm, task.comm);
    case 'exe':
      return check(task.exe === e.path, task.exe ?? '(none)');
    case 'umask':
      return check(task.umask === e.umask, octal(task.umask, 3));
    case 'cwd':
      return check(task.cwd === e.path, task.cwd);
    case 'cred': {
      const v = task.creds[e.field];
      const seen = `${e.field} ${Array.isArray(v) ? (v as readonly number[]).join(',') : String(v)}`;
      return check(seen === expected, seen);
    }
    case 'threads': {
      const list = task.threads.map((t) => `${t.name}/${t.tid}`).join(', ');
      return check(task.threads.length === e.count, `${task.threads.length} thread(s)${list ? `: ${list}` : ''}`);
    }
    case 'tid': {
      const t = findThread(task, ref);
      return check(t?.tid === e.tid, t ? String(t.tid) : 'no such thread');
    }
    case 'blocked': {
      const t = findThread(task, ref);
      const seen = t ? signalList(t.blocked) : 'no such thread';
      return check(seen === expected, seen);
    }
    case 'pending': {
      const seen = signalList(task.signals.pending);
      return check(seen === expected, seen);
    }
    case 'disposition': {
      const seen = `${e.signal} ${task.signals.dispositions[e.signal] ?? 'default'}`;
      return check(seen === expected, seen);
    }
    default:
      break;
  }
  const contents = readsContents(e);
  // An ended process has neither fd table nor memory: say so.
  if (dead && contents) return check(false, `${statusText(task)}: no ${contents}`);
  const mm = state.mms.get(task.mm);
  switch (e.what) {
    case 'argv': {
      const seen = mm ? JSON.stringify(mm.argv) : '(no memory)';
      return check(seen === expected, seen);
    }
    case 'auxv': {
      const v = mm?.auxv[e.key];
      const seen = `${e.key} ${v ?? 'absent'}`;
      return check(seen === expected, seen);
    }
    case 'memory': {
      const v = mm?.variables[e.variable];
      return check((v ?? null) === e.value, `${e.variable} = ${v ?? 'unset'}`);
    }
    case 'fd-closed':
      return check(!fdTableOf(state, task.pid).slots.has(e.fd), describeFd(state, task, e.fd));
    case 'fd-open': {
      const slot = fdTableOf(state, task.pid).slots.get(e.fd);
      const seen = describeFd(state, task, e.fd);
      if (!slot) return check(false, seen);
      const d = descriptionOf(state, slot.desc);
      const ok =
        (e.target === undefined || e.target === targetName(d.target)) &&
        (e.access === undefined || e.access === d.access) &&
        (e.cloexec === undefined || e.cloexec === slot.cloexec);
      return check(ok, seen);
    }
    case 'fd-table': {
      const rows = fdRows(state, task);
      const ok =
        rows.length === e.rows.length &&
        e.rows.every((w, i) => {
          const r = rows[i]!;
          return r.fd === w.fd && r.target === w.target && (w.access === undefined || w.access === r.access) && (w.cloexec ?? false) === r.cloexec;
        });
      return check(ok, rows.map(rowText).join('; ') || '(empty)');
    }
    default:
      return check(false, `this system cannot check "${what}"`);
  }
}
