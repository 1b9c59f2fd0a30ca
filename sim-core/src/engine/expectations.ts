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
import type { ActionLog } from './engine.js';

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

/** The expected text of the expectations that read a process's fd table or memory. */
function expectedOfProcessContents(e: ExpectationSpec): string | undefined {
  switch (e.what) {
    case 'argv':
      return JSON.stringify(e.argv);
    case 'auxv':
      return `${e.key} ${e.value ?? 'absent'}`;
    case 'memory':
      return `${e.variable} = ${e.value ?? 'unset'}`;
    case 'fd-closed':
      return `${e.fd} closed`;
    case 'fd-open':
      return fdOpenText(e);
    case 'fd-table':
      return e.rows.map(rowText).join('; ') || '(empty)';
    default:
      return undefined;
  }
}

function fdOpenText(e: Extract<ExpectationSpec, { what: 'fd-open' }>): string {
  return rowText({ fd: e.fd, target: e.target ?? '*', ...(e.access ? { access: e.access } : {}), ...(e.cloexec !== undefined ? { cloexec: e.cloexec } : {}) });
}

export function evaluateExpectation(
  e: ExpectationSpec,
  state: KernelState,
  actions: ReadonlyMap<number, Readonly<ActionLog>>,
  personality: Personality,
): ExpectationResult {
  const own = personality.evaluateExpectation?.(e, state);
  if (own) return own;
  switch (e.what) {
    case 'result': {
      const seen = describeOutcome(actions.get(e.action)?.outcome);
      return result(seen === e.outcome || (e.outcome === 'ok' && seen.startsWith('ok')), e.outcome, seen);
    }
    case 'ponr': {
      const crossed = actions.get(e.action)?.ponr ?? false;
      return result(crossed === e.crossed, e.crossed ? 'crossed' : 'not crossed', crossed ? 'crossed' : 'not crossed');
    }
    case 'failed-in': {
      const o = actions.get(e.action)?.outcome;
      const phase = o && !o.ok && 'phase' in o ? (o.phase ?? 'none') : o ? (o.ok ? 'did not fail' : 'none') : 'not run yet';
      return result(phase === e.phase, e.phase, phase);
    }
    default:
      break;
  }
  const what = (e as { what: string }).what;
  if (!('task' in e)) return result(false, what, `unsupported expectation "${what}"`);
  const ref = e as ExpectationSpec & TaskRef;
  const task = findTask(state, ref);
  if (!task) return result(false, e.what, `no task named ${ref.task}`);
  const dead = task.status.state !== 'running';
  switch (e.what) {
    case 'state': {
      const thread = findThread(task, ref);
      const seen = dead ? task.status.state : thread?.run.state === 'blocked' ? 'blocked' : 'running';
      return result(seen === e.state, e.state, seen === 'blocked' && thread?.run.state === 'blocked' ? `blocked (${thread.run.reason})` : seen);
    }
    case 'killed':
      return result(task.status.state === 'killed' && task.status.signal === e.signal, `killed by ${e.signal}`, statusText(task));
    case 'exited':
      return result(task.status.state === 'exited' && task.status.status === e.status, `exited ${e.status}`, statusText(task));
    case 'pid':
      return result(task.pid === e.pid, String(e.pid), String(task.pid));
    case 'ppid':
      return result(task.ppid === e.ppid, String(e.ppid), String(task.ppid));
    case 'comm':
      return result(task.comm === e.comm, e.comm, task.comm);
    case 'exe':
      return result(task.exe === e.path, e.path, task.exe ?? '(none)');
    case 'umask':
      return result(task.umask === e.umask, octal(e.umask, 3), octal(task.umask, 3));
    case 'cwd':
      return result(task.cwd === e.path, e.path, task.cwd);
    case 'cred': {
      const v = task.creds[e.field];
      const want = Array.isArray(e.value) ? (e.value as readonly number[]).join(',') : String(e.value);
      const seen = Array.isArray(v) ? (v as readonly number[]).join(',') : String(v);
      return result(want === seen, `${e.field} ${want}`, `${e.field} ${seen}`);
    }
    case 'threads': {
      const list = task.threads.map((t) => `${t.name}/${t.tid}`).join(', ');
      return result(task.threads.length === e.count, `${e.count} thread(s)`, `${task.threads.length} thread(s)${list ? `: ${list}` : ''}`);
    }
    case 'tid': {
      const t = findThread(task, ref);
      return result(t?.tid === e.tid, String(e.tid), t ? String(t.tid) : 'no such thread');
    }
    case 'blocked': {
      const t = findThread(task, ref);
      const want = [...e.signals].sort().join(' ') || '(none)';
      const seen = t ? [...t.blocked].sort().join(' ') || '(none)' : 'no such thread';
      return result(want === seen, want, seen);
    }
    case 'pending': {
      const want = [...e.signals].sort().join(' ') || '(none)';
      const seen = [...task.signals.pending].sort().join(' ') || '(none)';
      return result(want === seen, want, seen);
    }
    case 'disposition': {
      const seen = task.signals.dispositions[e.signal] ?? 'default';
      return result(seen === e.disposition, `${e.signal} ${e.disposition}`, `${e.signal} ${seen}`);
    }
    default:
      break;
  }
  if (dead) {
    // An ended process has neither fd table nor memory: say so with what was expected.
    const expected = expectedOfProcessContents(e);
    if (expected !== undefined) return result(false, expected, `${statusText(task)}: no ${e.what === 'argv' || e.what === 'auxv' || e.what === 'memory' ? 'memory' : 'fd table'}`);
  }
  const mm = state.mms.get(task.mm);
  switch (e.what) {
    case 'argv': {
      const seen = mm ? JSON.stringify(mm.argv) : '(no memory)';
      return result(seen === JSON.stringify(e.argv), JSON.stringify(e.argv), seen);
    }
    case 'auxv': {
      const v = mm?.auxv[e.key];
      const seen = v === undefined ? 'absent' : String(v);
      return result(seen === (e.value === null ? 'absent' : String(e.value)), `${e.key} ${e.value ?? 'absent'}`, `${e.key} ${seen}`);
    }
    case 'memory': {
      const v = mm?.variables[e.variable];
      return result((v ?? null) === e.value, `${e.variable} = ${e.value ?? 'unset'}`, `${e.variable} = ${v ?? 'unset'}`);
    }
    case 'fd-closed': {
      const seen = describeFd(state, task, e.fd);
      return result(!fdTableOf(state, task.pid).slots.has(e.fd), `${e.fd} closed`, seen);
    }
    case 'fd-open': {
      const slot = fdTableOf(state, task.pid).slots.get(e.fd);
      const want = fdOpenText(e);
      const seen = describeFd(state, task, e.fd);
      if (!slot) return result(false, want, seen);
      const d = descriptionOf(state, slot.desc);
      const ok =
        (e.target === undefined || e.target === targetName(d.target)) &&
        (e.access === undefined || e.access === d.access) &&
        (e.cloexec === undefined || e.cloexec === slot.cloexec);
      return result(ok, want, seen);
    }
    case 'fd-table': {
      const rows = fdRows(state, task);
      const seenText = rows.map(rowText).join('; ') || '(empty)';
      const wantText = expectedOfProcessContents(e)!;
      const ok =
        rows.length === e.rows.length &&
        e.rows.every((w, i) => {
          const r = rows[i]!;
          return r.fd === w.fd && r.target === w.target && (w.access === undefined || w.access === r.access) && (w.cloexec ?? false) === r.cloexec;
        });
      return result(ok, wantText, seenText);
    }
    default:
      return result(false, what, `this system cannot check "${what}"`);
  }
}
